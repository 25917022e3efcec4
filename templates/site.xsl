<?xml version="1.0" encoding="UTF-8"?>
<!-- site.xsl: the landing page document (site.rng, built by gen/site.c) → out/index.html, one
     standalone page (styles inside, no script) in the look of html.xsl, whose styles it uses.
     Every link is the relative path C wrote, to a file C found on disk. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- html.xsl for its styles (the named template css); common.xsl imported after it, so that
       its catch-all outranks html.xsl's templates: an element nobody here handles stops -->
  <xsl:import href="html.xsl"/>
  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/site">
    <html lang="ja">
      <head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tejun {@tejun}"/>
        <meta name="tejun-label" content="{@label}"/>
        <title><xsl:value-of select="@product"/><xsl:text>　ドキュメント一覧</xsl:text></title>
        <style><xsl:call-template name="css"/><xsl:call-template name="site-css"/></style>
      </head>
      <body>
        <a class="skip" href="#main">本文へ移動</a>
        <header class="runhead">
          <span class="label">情報ラベル：<xsl:value-of select="@label"/></span>
          <span class="headtitle"><xsl:value-of select="@product"/></span>
          <span class="version">ドキュメント一覧</span>
        </header>
        <main id="main">
          <section class="page intro" aria-labelledby="site-title">
            <p class="product"><xsl:value-of select="@product"/></p>
            <h1 id="site-title">ドキュメント一覧</h1>
            <p class="publisher"><xsl:value-of select="@publisher"/></p>
            <p class="counts">
              <xsl:text>マニュアル </xsl:text><xsl:value-of select="@manuals"/>
              <xsl:text>　サービス別ページ </xsl:text><xsl:value-of select="@pages"/>
              <xsl:text>　リリース </xsl:text><xsl:value-of select="@releases"/>
              <xsl:text>　変更点 </xsl:text><xsl:value-of select="@redlines"/>
              <xsl:text>　チェックリスト </xsl:text><xsl:value-of select="@checklists"/>
            </p>
            <xsl:if test="manual or checklists">
              <nav class="sitetoc" aria-label="目次">
                <ul>
                  <xsl:for-each select="manual">
                    <li><a href="#m-{@id}"><xsl:value-of select="@title"/></a></li>
                  </xsl:for-each>
                  <xsl:if test="checklists"><li><a href="#checklists">チェックリスト</a></li></xsl:if>
                </ul>
              </nav>
            </xsl:if>
          </section>
          <xsl:apply-templates select="manual | checklists"/>
        </main>
        <footer class="runfoot">
          <xsl:value-of select="@product"/><xsl:text>　</xsl:text>
          <xsl:value-of select="@publisher"/>
          <xsl:text>　情報ラベル：</xsl:text><xsl:value-of select="@label"/>
          <xsl:text>　tejun </xsl:text><xsl:value-of select="@tejun"/>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- a link, or a dash when the file is not there -->
  <xsl:template name="link">
    <xsl:param name="href"/>
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="$href"><a href="{$href}"><xsl:value-of select="$text"/></a></xsl:when>
      <xsl:otherwise><span class="none" aria-hidden="true">—</span><span class="visually-hidden">なし</span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="manual">
    <section class="page manual" id="m-{@id}" aria-labelledby="m-{@id}-h">
      <h2 id="m-{@id}-h"><xsl:value-of select="@title"/></h2>
      <p class="stamp">
        <span class="ver"><xsl:value-of select="@version"/>（<xsl:value-of select="@date"/>）</span>
        <span class="infolabel">情報ラベル：<xsl:value-of select="@label"/></span>
      </p>
      <table class="outputs">
        <caption class="visually-hidden"><xsl:value-of select="@title"/>のページ</caption>
        <thead><tr><th scope="col">ページ</th><th scope="col">HTML</th><th scope="col">Markdown</th></tr></thead>
        <tbody>
          <tr class="whole">
            <th scope="row">マニュアル全体</th>
            <td><xsl:call-template name="link"><xsl:with-param name="href" select="@html"/><xsl:with-param name="text">HTML</xsl:with-param></xsl:call-template></td>
            <td><xsl:call-template name="link"><xsl:with-param name="href" select="@md"/><xsl:with-param name="text">Markdown</xsl:with-param></xsl:call-template></td>
          </tr>
          <xsl:apply-templates select="service"/>
        </tbody>
      </table>
      <xsl:if test="release">
        <h3 id="m-{@id}-r">版の履歴</h3>
        <table class="releases" aria-labelledby="m-{@id}-r">
          <thead><tr><th scope="col">版</th><th scope="col">日付</th><th scope="col">変更内容</th><th scope="col">変更点（前の版から）</th></tr></thead>
          <tbody><xsl:apply-templates select="release"/></tbody>
        </table>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="service">
    <tr>
      <th scope="row"><span class="kind">サービス別</span><xsl:value-of select="@name"/></th>
      <td><xsl:call-template name="link"><xsl:with-param name="href" select="@html"/><xsl:with-param name="text">HTML</xsl:with-param></xsl:call-template></td>
      <td><xsl:call-template name="link"><xsl:with-param name="href" select="@md"/><xsl:with-param name="text">Markdown</xsl:with-param></xsl:call-template></td>
    </tr>
  </xsl:template>

  <xsl:template match="release">
    <tr>
      <xsl:if test="@current"><xsl:attribute name="class">current</xsl:attribute></xsl:if>
      <th scope="row">
        <xsl:value-of select="@version"/>
        <xsl:if test="@current"><span class="badge">現行版</span></xsl:if>
        <xsl:if test="@released = 'no'"><span class="badge draft">未リリース</span></xsl:if>
      </th>
      <td class="date"><xsl:value-of select="@date"/></td>
      <td><xsl:apply-templates select="summary"/></td>
      <td class="redlines">
        <xsl:choose>
          <xsl:when test="redline"><xsl:apply-templates select="redline"/></xsl:when>
          <xsl:otherwise><span class="none" aria-hidden="true">—</span><span class="visually-hidden">なし</span></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

  <xsl:template match="summary"><xsl:value-of select="."/></xsl:template>

  <xsl:template match="redline">
    <p class="redline">
      <span class="from"><xsl:value-of select="@from-version"/>から</span>
      <xsl:if test="@html"><a href="{@html}">HTML</a></xsl:if>
      <xsl:if test="@html and @md"><xsl:text> </xsl:text></xsl:if>
      <xsl:if test="@md"><a href="{@md}">Markdown</a></xsl:if>
    </p>
  </xsl:template>

  <xsl:template match="checklists">
    <section class="page" id="checklists" aria-labelledby="checklists-h">
      <h2 id="checklists-h">チェックリスト</h2>
      <p class="lead">作業のときに印刷して使う A4 のチェックリストです（PDF と、同じ内容を印刷できる HTML）。</p>
      <xsl:if test="checklist[@kind = 'service']">
        <h3 id="cl-services">サービス別</h3>
        <table class="checklists" aria-labelledby="cl-services">
          <thead><tr><th scope="col">サービス</th><th scope="col">マニュアル</th><th scope="col">PDF</th><th scope="col">HTML</th></tr></thead>
          <tbody><xsl:apply-templates select="checklist[@kind = 'service']"/></tbody>
        </table>
      </xsl:if>
      <xsl:if test="checklist[@kind = 'customer']">
        <h3 id="cl-customers">お客様別</h3>
        <table class="checklists" aria-labelledby="cl-customers">
          <thead><tr><th scope="col">お客様</th><th scope="col">ご契約のサービス</th><th scope="col">PDF</th><th scope="col">HTML</th></tr></thead>
          <tbody><xsl:apply-templates select="checklist[@kind = 'customer']"/></tbody>
        </table>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template match="checklist">
    <tr>
      <th scope="row"><xsl:value-of select="@name"/></th>
      <td>
        <xsl:choose>
          <xsl:when test="@kind = 'service'"><xsl:value-of select="@manual-title"/></xsl:when>
          <xsl:otherwise><xsl:apply-templates select="ordered"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td><xsl:call-template name="link"><xsl:with-param name="href" select="@pdf"/><xsl:with-param name="text">PDF</xsl:with-param></xsl:call-template></td>
      <td><xsl:call-template name="link"><xsl:with-param name="href" select="@html"/><xsl:with-param name="text">HTML</xsl:with-param></xsl:call-template></td>
    </tr>
  </xsl:template>

  <xsl:template match="ordered">
    <xsl:if test="position() &gt; 1"><xsl:text>、</xsl:text></xsl:if>
    <xsl:value-of select="@name"/>
  </xsl:template>

  <!-- what this page adds to html.xsl's styles -->
  <xsl:template name="site-css">
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.intro { text-align: center; padding: 2rem 1.5rem 1.4rem; }
.intro .product { font-size: 1.1rem; margin: 0; }
.intro h1 { font-size: 1.9rem; margin: .3rem 0 .4rem; }
.intro .publisher { margin: 0 0 .8rem; }
.intro .counts { margin: 0 0 1rem; color: var(--muted); font-size: .9rem; }
.sitetoc ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; justify-content: center; gap: .4rem .8rem; }
.sitetoc a { display: inline-block; padding: .15rem .7rem; border: 1px solid var(--line); border-radius: 3px; background: #f7fafd; text-decoration: none; }
.sitetoc a:hover, .sitetoc a:focus { text-decoration: underline; }
.stamp { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: baseline; margin: -.4rem 0 .8rem; }
.stamp .ver { font-weight: bold; color: #0a3d6e; }
.stamp .infolabel { border: 1px solid #a61414; color: #a61414; padding: 0 .4rem; font-size: .85rem; font-weight: bold; }
table.outputs, table.releases, table.checklists { width: 100%; }
table.outputs th[scope="row"], table.checklists th[scope="row"], table.releases th[scope="row"] { background: none; font-weight: normal; }
table.outputs tr.whole th { font-weight: bold; }
table.outputs td, table.checklists td:nth-child(3), table.checklists td:nth-child(4) { white-space: nowrap; }
table.outputs td, table.checklists td:nth-child(3), table.checklists td:nth-child(4) { width: 1%; }
.kind { display: inline-block; margin-right: .5em; padding: 0 .4em; border-radius: 3px; background: #e3ecf6; color: #0a3d6e; font-size: .8rem; white-space: nowrap; }
table.releases th[scope="row"], table.releases td.date { white-space: nowrap; }
table.releases td.redlines { white-space: nowrap; }
tr.current th[scope="row"] { font-weight: bold; }
.badge { display: inline-block; white-space: nowrap; margin-left: .5em; padding: 0 .45em; border-radius: 3px; background: #0b5394; color: #fff; font-size: .75rem; font-weight: bold; }
.badge.draft { background: #fff4e0; color: #7a3e00; border: 1px solid #8a4b00; }
.redline { margin: 0; }
.redline + .redline { margin-top: .2rem; }
.redline .from { margin-right: .6em; }
.redline a + a { margin-left: .6em; }
.none { color: var(--muted); }
.lead { margin: 0 0 .6rem; }
@media (max-width: 40rem) {
  main { padding: .5rem; }
  .page { padding: 1rem .8rem 1.2rem; }
  th, td { padding: .3rem .4rem; }
  table.releases td.redlines { white-space: normal; }
  .redline .from { display: block; }
  .redline a + a { margin-left: 0; }
  .redline a { margin-right: .6em; }
  .badge { display: block; width: max-content; margin: .2rem 0 0; }
}
@media print {
  .page, .toc { break-before: auto; border: none; padding: 0; margin: 0 0 1.2rem; }
  .sitetoc { display: none; }
  tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
  </xsl:template>
</xsl:stylesheet>
