<?xml version="1.0" encoding="UTF-8"?>
<!-- html.xsl: the intermediate XML → one standalone HTML page (styles inside, no script). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tj="urn:x-tejun" extension-element-prefixes="tj">
  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <!-- the title and the version stamp, made once per page (each stands five times on it) -->
  <xsl:variable name="doc-title"><xsl:call-template name="doc-title"/></xsl:variable>
  <xsl:variable name="stamp"><xsl:call-template name="stamp"/></xsl:variable>

  <xsl:template match="/publication">
    <html lang="ja">
      <head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tejun {@tejun}"/>
        <meta name="tejun-manual" content="{@manual}"/>
        <meta name="tejun-service" content="{@service}"/>
        <meta name="tejun-version" content="{@version}"/>
        <meta name="tejun-date" content="{@date}"/>
        <meta name="tejun-label" content="{@label}"/>
        <title><xsl:value-of select="$doc-title"/><xsl:text> </xsl:text><xsl:value-of select="$stamp"/></title>
        <style><xsl:call-template name="css"/><xsl:call-template name="print-boxes"/></style>
      </head>
      <body>
        <a class="skip" href="#main">本文へ移動</a>
        <header class="runhead">
          <span class="label">情報ラベル：<xsl:value-of select="@label"/></span>
          <span class="headtitle"><xsl:value-of select="$doc-title"/></span>
          <span class="version"><xsl:value-of select="$stamp"/></span>
        </header>
        <xsl:apply-templates select="services"/>
        <main id="main">
          <xsl:apply-templates select="cover"/>
          <xsl:call-template name="toc"/>
          <xsl:apply-templates select="changes"/>
          <xsl:apply-templates select="changelog | page | trademarks"/>
        </main>
        <footer class="runfoot">
          <xsl:value-of select="@product"/><xsl:text>　</xsl:text>
          <xsl:value-of select="$doc-title"/><xsl:text>　</xsl:text>
          <xsl:value-of select="$stamp"/>
          <xsl:text>　情報ラベル：</xsl:text><xsl:value-of select="@label"/>
          <xsl:text>　</xsl:text><xsl:value-of select="@manual"/>
          <xsl:text>　tejun </xsl:text><xsl:value-of select="@tejun"/>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="services"/>

  <xsl:template match="cover">
    <section class="page cover" id="{@anchor}" aria-labelledby="doc-title">
      <p class="pno">P<xsl:value-of select="@n"/></p>
      <p class="product"><xsl:value-of select="../@product"/></p>
      <h1 id="doc-title"><xsl:value-of select="../@title"/></h1>
      <xsl:if test="../@view = 'service'">
        <p class="service">対象サービス：<xsl:value-of select="../@service-name"/></p>
      </xsl:if>
      <p class="publisher"><xsl:value-of select="../@publisher"/></p>
      <p class="coverstamp"><xsl:value-of select="$stamp"/></p>
    </section>
  </xsl:template>

  <xsl:template name="toc">
    <nav class="toc" aria-labelledby="toc-h">
      <h2 id="toc-h">目次</h2>
      <ol>
        <li><a href="#{changelog/@anchor}"><span class="pno">P<xsl:value-of select="changelog/@n"/></span>変更履歴</a></li>
        <xsl:for-each select="page">
          <li>
            <xsl:if test="@divider"><xsl:attribute name="class">divider</xsl:attribute></xsl:if>
            <a href="#{@anchor}"><span class="pno">P<xsl:value-of select="@n"/></span><xsl:value-of select="@title"/></a>
          </li>
        </xsl:for-each>
        <li><a href="#{trademarks/@anchor}"><span class="pno">P<xsl:value-of select="trademarks/@n"/></span>商標について</a></li>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="changes">
    <section class="page changes" aria-labelledby="changes-h">
      <h2 id="changes-h">変更点（<xsl:value-of select="@since"/>から）</h2>
      <xsl:if test="revision"><ul class="rows"><xsl:for-each select="revision"><li><xsl:value-of select="@version"/>（<xsl:call-template name="ja-date"><xsl:with-param name="d" select="@date"/></xsl:call-template>）<xsl:value-of select="."/></li></xsl:for-each></ul></xsl:if>
      <xsl:choose>
        <xsl:when test="change">
          <ul>
            <xsl:for-each select="change">
              <li>
                <xsl:choose>
                  <xsl:when test="@href"><a href="{@href}"><xsl:call-template name="change-what"/></a></xsl:when>
                  <xsl:otherwise><xsl:call-template name="change-what"/></xsl:otherwise>
                </xsl:choose>
                <xsl:text>：</xsl:text><xsl:call-template name="change-label"/>
              </li>
            </xsl:for-each>
          </ul>
        </xsl:when>
        <xsl:otherwise><p>内容の変更はありません。</p></xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="change-what">
    <xsl:choose>
      <xsl:when test="@page">P<xsl:value-of select="@page"/>　<xsl:value-of select="@title"/></xsl:when>
      <xsl:when test="@old-page">（旧P<xsl:value-of select="@old-page"/>）　<xsl:value-of select="@old-title"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@what"/></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="@mark or @old-mark"><xsl:text>　手順</xsl:text><xsl:value-of select="@mark"/><xsl:if test="not(@mark)"><xsl:value-of select="@old-mark"/></xsl:if></xsl:if>
  </xsl:template>

  <xsl:template match="changelog">
    <section class="page" id="{@anchor}" aria-labelledby="{@anchor}-h">
      <h2 id="{@anchor}-h"><span class="pno">P<xsl:value-of select="@n"/></span>変更履歴</h2>
      <table class="changelog">
        <thead><tr><th scope="col">年月日</th><th scope="col">版</th><th scope="col">変更内容等</th></tr></thead>
        <tbody><xsl:apply-templates select="revision"/></tbody>
      </table>
    </section>
  </xsl:template>

  <xsl:template match="revision">
    <tr><td><xsl:call-template name="ja-date"><xsl:with-param name="d" select="@date"/></xsl:call-template></td><td class="ver"><xsl:value-of select="@version"/></td><td><xsl:value-of select="."/></td></tr>
  </xsl:template>

  <xsl:template match="page">
    <section id="{@anchor}" aria-labelledby="{@anchor}-h">
      <xsl:attribute name="class">page<xsl:if test="@divider"> divider</xsl:if><xsl:if test="@changed"> changed</xsl:if></xsl:attribute>
      <h2 id="{@anchor}-h"><span class="pno">P<xsl:value-of select="@n"/></span><xsl:value-of select="@title"/></h2>
      <xsl:call-template name="when"/>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template name="when">
    <xsl:if test="@when-label">
      <p class="when"><span class="whenmark">条件</span><xsl:value-of select="@when-label"/></p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="para">
    <p><xsl:if test="@when-label"><span class="whenmark" title="{@when-label}">条件：<xsl:value-of select="@when-label"/></span></xsl:if><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="page/heading">
    <h3><xsl:apply-templates/></h3>
  </xsl:template>

  <xsl:template match="note">
    <p class="note"><xsl:if test="@when-label"><span class="whenmark">条件：<xsl:value-of select="@when-label"/></span></xsl:if>※<xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="list">
    <ul><xsl:apply-templates/></ul>
  </xsl:template>

  <xsl:template match="item">
    <li><xsl:if test="@when-label"><span class="whenmark">条件：<xsl:value-of select="@when-label"/></span></xsl:if><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="step">
    <div id="{@anchor}">
      <xsl:attribute name="class">step<xsl:if test="@changed"> changed</xsl:if></xsl:attribute>
      <xsl:if test="@changed"><p class="changemark"><xsl:call-template name="change-label"/></p></xsl:if>
      <xsl:if test="@when-label"><p class="when"><span class="whenmark">条件</span><xsl:value-of select="@when-label"/></p></xsl:if>
      <p class="steptext"><span class="mark"><xsl:value-of select="@mark"/></span><xsl:apply-templates select="text"/></p>
      <xsl:apply-templates select="*[not(self::text)]"/>
    </div>
  </xsl:template>

  <xsl:template match="step/text"><xsl:apply-templates/></xsl:template>

  <xsl:template match="table">
    <div class="tablewrap">
      <table>
        <xsl:if test="head"><thead><tr><xsl:for-each select="head/cell"><th scope="col"><xsl:apply-templates/></th></xsl:for-each></tr></thead></xsl:if>
        <tbody><xsl:apply-templates select="row"/></tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="row">
    <tr>
      <xsl:if test="@when"><xsl:attribute name="class">cond</xsl:attribute></xsl:if>
      <xsl:for-each select="cell"><td><xsl:apply-templates/></td></xsl:for-each>
    </tr>
  </xsl:template>

  <xsl:template match="code">
    <pre><code><xsl:value-of select="."/></code></pre>
  </xsl:template>

  <xsl:template match="screenshot">
    <figure class="shot">
      <xsl:choose>
        <xsl:when test="not(@src)"><div class="shotbox" aria-hidden="true">画面</div></xsl:when>
        <xsl:when test="@width and callout">
          <span class="shotframe">
            <img src="{@src}" alt="{@caption}" width="{@width}" height="{@height}"/>
            <svg class="callouts" viewBox="0 0 {@width} {@height}" aria-hidden="true" focusable="false">
              <xsl:for-each select="callout">
                <g class="callout">
                  <circle cx="{@x}" cy="{@y}" r="{../@r}"/>
                  <text x="{@x}" y="{@y}" dy=".36em" font-size="{../@r * 1.25}"><xsl:value-of select="@n"/></text>
                </g>
              </xsl:for-each>
            </svg>
          </span>
        </xsl:when>
        <xsl:when test="@width"><img src="{@src}" alt="{@caption}" width="{@width}" height="{@height}"/></xsl:when>
        <xsl:otherwise><img src="{@src}" alt="{@caption}"/></xsl:otherwise>
      </xsl:choose>
      <figcaption>画面：<xsl:value-of select="@caption"/></figcaption>
    </figure>
  </xsl:template>

  <xsl:template match="trademarks">
    <section class="page" id="{@anchor}" aria-labelledby="{@anchor}-h">
      <h2 id="{@anchor}-h"><span class="pno">P<xsl:value-of select="@n"/></span>商標について</h2>
      <ul class="trademarks"><xsl:apply-templates/></ul>
    </section>
  </xsl:template>

  <xsl:template match="trademark"><li><xsl:apply-templates/></li></xsl:template>

  <!-- inline -->
  <xsl:template match="strong"><strong><xsl:apply-templates/></strong></xsl:template>
  <xsl:template match="em"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="code[parent::text or parent::para or parent::note or parent::item or parent::cell or parent::heading or parent::strong or parent::em or parent::a or parent::span or parent::trademark]"><code><xsl:value-of select="."/></code></xsl:template>
  <xsl:template match="br"><br/></xsl:template>
  <xsl:template match="span"><xsl:apply-templates/></xsl:template>
  <xsl:template match="a[@href]"><a href="{@href}"><xsl:apply-templates/></a></xsl:template>
  <xsl:template match="a"><xsl:apply-templates/></xsl:template>
  <xsl:template match="ref[@href]"><a class="ref" href="{@href}"><xsl:value-of select="."/></a></xsl:template>
  <xsl:template match="ref"><span class="ref"><xsl:value-of select="."/></span></xsl:template>

  <!-- running header and footer on every printed page: the information label, the title,
       the version, and the P number of the sheet (below), as @page margin boxes (strings escaped by tj:css) -->
  <xsl:template name="print-boxes">
    <xsl:variable name="t" select="string($doc-title)"/>
    <xsl:variable name="v" select="string($stamp)"/>
@page {
  @top-left { content: <xsl:value-of select="tj:css(concat('情報ラベル：', /publication/@label))"/>; font-size: 8pt; color: #333; }
  @top-center { content: <xsl:value-of select="tj:css($t)"/>; font-size: 8pt; color: #333; }
  @top-right { content: <xsl:value-of select="tj:css($v)"/>; font-size: 8pt; color: #333; }
  @bottom-left { content: <xsl:value-of select="tj:css(concat(/publication/@manual, ' ', $v, ' tejun ', /publication/@tejun))"/>; font-size: 7pt; color: #555; }
}
<!-- the sheet's P number, as the decks print it: each P page is a named page of its own, so
     every sheet it fills (a long page fills several) says its number; the table of contents
     shares the cover's sheets (P1) and shifts nothing -->
    <xsl:for-each select="/publication/cover | /publication/changelog | /publication/page | /publication/trademarks">
#<xsl:value-of select="@anchor"/> { page: <xsl:value-of select="@anchor"/>; }
@page <xsl:value-of select="@anchor"/> { @bottom-right { content: "P<xsl:value-of select="@n"/>"; font-size: 9pt; font-weight: bold; color: #333; } }</xsl:for-each>
nav.toc { page: p1; }
  </xsl:template>

  <xsl:template name="css">
:root { --ink: #1a1a1a; --muted: #555; --accent: #0b5394; --line: #c8c8c8; --note: #7a3e00; --paper: #fff; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: var(--ink); background: #eef1f4; line-height: 1.7; }
body { margin: 0; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: .5rem; z-index: 10; }
.runhead { position: sticky; top: 0; display: flex; gap: 1.5rem; justify-content: space-between; align-items: baseline; padding: .4rem 1.5rem; background: #123; color: #fff; font-size: .85rem; z-index: 5; }
.runhead .label { border: 1px solid #fff; padding: 0 .4rem; }
.runfoot { max-width: 60rem; margin: 0 auto 2rem; padding: .5rem 1rem; color: var(--muted); font-size: .8rem; text-align: center; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.page { background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: 1.2rem 1.8rem 1.6rem; margin: 1.2rem 0; }
.page h2 { font-size: 1.3rem; margin: 0 0 1rem; padding-bottom: .3rem; border-bottom: 3px solid var(--accent); color: #0a3d6e; }
.pno { display: inline-block; min-width: 3.2em; margin-right: .6em; padding: 0 .4em; border-radius: 3px; background: #e3ecf6; color: #0a3d6e; font-size: .85em; font-weight: bold; text-align: center; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .5rem; color: #0a3d6e; }
.cover { text-align: center; padding: 3rem 1rem; }
.cover .pno { display: none; }
.cover .product { font-size: 1.2rem; margin: 0; }
.cover h1 { font-size: 2rem; margin: .6rem 0 2rem; }
.cover .publisher { font-size: 1.1rem; }
.divider { background: #f4f8fc; }
.toc ol { list-style: none; padding: 0; columns: 2; }
.toc li { margin: .15rem 0; break-inside: avoid; }
.toc li.divider a { font-weight: bold; }
.toc { background: var(--paper); border: 1px solid var(--line); border-radius: 4px; padding: 1rem 1.8rem; }
.toc h2 { font-size: 1.2rem; margin: 0 0 .5rem; }
a { color: var(--accent); }
.step { margin: 1rem 0; padding: .6rem .8rem; border-left: 4px solid var(--accent); background: #f7fafd; break-inside: avoid; }
.steptext { margin: 0; font-weight: 500; }
.mark { font-size: 1.25em; color: var(--accent); font-weight: bold; margin-right: .3em; }
.note { color: var(--note); margin: .3rem 0; font-size: .95rem; }
.step .note { margin-left: 1.8em; }
.when { margin: .3rem 0; font-size: .9rem; }
.whenmark { display: inline-block; margin-right: .5em; padding: 0 .5em; border: 1px solid #8a4b00; border-radius: 3px; color: #7a3e00; background: #fff4e0; font-size: .85rem; font-weight: bold; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .6rem; text-align: left; vertical-align: top; }
th { background: #e3ecf6; }
tr.cond td:first-child::after { content: ""; }
.tablewrap { overflow-x: auto; }
.changelog td.ver { white-space: nowrap; }
.changelog td:first-child { white-space: nowrap; }
pre { background: #f2f2f2; border: 1px solid var(--line); padding: .6rem; overflow-x: auto; font-size: .85rem; white-space: pre-wrap; word-break: break-all; }
code { font-family: "DejaVu Sans Mono", monospace; }
figure.shot { margin: .6rem 0 .6rem 1.8em; break-inside: avoid; }
.shotbox { width: 16rem; max-width: 100%; height: 5rem; border: 2px dashed #999; color: #555; display: flex; align-items: center; justify-content: center; background: repeating-linear-gradient(45deg, #fafafa, #fafafa 8px, #f0f0f0 8px, #f0f0f0 16px); }
figure.shot img { max-width: 100%; height: auto; border: 1px solid var(--line); vertical-align: top; }
.shotframe { display: inline-block; position: relative; max-width: 100%; }
.shotframe img { display: block; }
svg.callouts { position: absolute; left: 0; top: 0; width: 100%; height: 100%; overflow: visible; pointer-events: none; }
.callout circle { fill: #c8102e; stroke: #fff; stroke-width: 2px; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.callout text { fill: #fff; font-weight: bold; text-anchor: middle; font-family: "IPAexGothic", "Noto Sans CJK JP", sans-serif; }
figcaption { font-size: .85rem; color: var(--muted); }
.trademarks { padding-left: 1.2rem; }
.changed { border-left: 6px solid #b35900 !important; }
.page.changed { padding-left: 1.4rem; }
.changemark { margin: 0 0 .2rem; font-size: .8rem; font-weight: bold; color: #7a3e00; }
.changes { background: #fffaf3; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  html { background: #fff; font-size: 10.5pt; }
  .skip { display: none; }
  .runhead, .runfoot { display: none; }
  main { max-width: none; padding: 0; }
  .page, .toc { border: none; margin: 0; padding: 0; break-before: page; }
  .cover { break-before: auto; padding: 2rem 0 1rem; }
  .toc { break-before: auto; margin-top: 1.5rem; }
  a { color: inherit; text-decoration: none; }
  .step { background: none; }
}
  </xsl:template>
</xsl:stylesheet>
