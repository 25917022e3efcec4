<?xml version="1.0" encoding="UTF-8"?>
<!-- checklist.xsl: a checklist document (checklist.rng) → one print-ready HTML page, laid out
     like the PDF that gen/pdf.c draws from the same document: A4 portrait, the same margins,
     sizes in pt, running header (information label, title) and footer (version tag, page x / y).
     Styles inside, no script. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tj="urn:x-tejun" extension-element-prefixes="tj">
  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <xsl:template match="/checklist">
    <html lang="ja">
      <head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tejun {@tejun}"/>
        <meta name="tejun-checklist" content="{@kind} {@id}"/>
        <meta name="tejun-version" content="{@stamp}"/>
        <meta name="tejun-label" content="{@label}"/>
        <title><xsl:value-of select="@title"/><xsl:text> </xsl:text><xsl:value-of select="@stamp"/></title>
        <style><xsl:call-template name="css"/><xsl:call-template name="print-boxes"/></style>
      </head>
      <body>
        <main class="sheet">
          <header class="titleblock">
            <p class="product"><xsl:value-of select="@product"/></p>
            <h1><xsl:value-of select="@title"/></h1>
            <p class="infolabel"><span class="visually-hidden">情報ラベル：</span><xsl:value-of select="@label"/></p>
          </header>
          <xsl:apply-templates select="details | fields | section | signoff"/>
          <p class="screenfoot"><xsl:value-of select="@foot"/></p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="manual"/>

  <xsl:template match="details">
    <table class="details">
      <tbody><xsl:apply-templates select="detail"/></tbody>
    </table>
  </xsl:template>

  <xsl:template match="detail">
    <tr><th scope="row"><xsl:value-of select="@label"/></th><td><xsl:value-of select="."/></td></tr>
  </xsl:template>

  <xsl:template match="fields">
    <table class="fields">
      <tbody><xsl:apply-templates select="field"/></tbody>
    </table>
  </xsl:template>

  <xsl:template match="field">
    <tr>
      <th scope="row"><span class="flabel"><xsl:value-of select="@label"/></span><span class="source"><xsl:value-of select="@source"/></span></th>
      <td class="write"><xsl:value-of select="."/></td>
    </tr>
  </xsl:template>

  <xsl:template match="section">
    <section class="cl">
      <h2><xsl:value-of select="@title"/><xsl:if test="/checklist/@kind = 'customer'"><span class="mt">　<xsl:value-of select="@manual-title"/></span></xsl:if></h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <xsl:template name="when">
    <xsl:if test="@when-label"><span class="cond">【<xsl:value-of select="@when-label"/>】</span></xsl:if>
  </xsl:template>

  <xsl:template match="section/note">
    <p class="snote">※<xsl:call-template name="when"/><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="step | wait | check">
    <div class="row {local-name()}">
      <span class="box" aria-hidden="true"></span>
      <xsl:choose>
        <xsl:when test="@mark"><span class="mark"><xsl:value-of select="@mark"/></span></xsl:when>
        <xsl:when test="self::wait"><span class="tag">待機</span></xsl:when>
        <xsl:otherwise><span class="tag">確認</span></xsl:otherwise>
      </xsl:choose>
      <p class="text"><xsl:call-template name="when"/><xsl:value-of select="text"/><span class="pref">　→ マニュアル P<xsl:value-of select="@page"/></span></p>
      <xsl:apply-templates select="item | note"/>
      <xsl:if test="self::wait">
        <p class="times">開始時刻 ＿＿＿：＿＿＿　　完了時刻 ＿＿＿：＿＿＿</p>
      </xsl:if>
    </div>
  </xsl:template>

  <xsl:template match="item">
    <p class="item">・<xsl:call-template name="when"/><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="step/note | wait/note | check/note">
    <p class="note">※<xsl:call-template name="when"/><xsl:value-of select="."/></p>
  </xsl:template>

  <xsl:template match="table">
    <div class="values">
      <p class="pref">表　→ マニュアル P<xsl:value-of select="@page"/></p>
      <table>
        <xsl:if test="head"><thead><tr><xsl:for-each select="head/cell"><th scope="col"><xsl:value-of select="."/></th></xsl:for-each></tr></thead></xsl:if>
        <tbody>
          <xsl:for-each select="row"><tr><xsl:for-each select="cell"><td><xsl:value-of select="."/></td></xsl:for-each></tr></xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="signoff">
    <section class="signoff">
      <h2>確認欄</h2>
      <div class="signs">
        <xsl:for-each select="sign"><div class="sign"><p><xsl:value-of select="@label"/></p></div></xsl:for-each>
      </div>
    </section>
  </xsl:template>

  <xsl:template name="print-boxes">
@page {
  size: A4 portrait;
  margin: 20mm 14mm 16mm;
  @top-left { content: <xsl:value-of select="tj:css(concat('情報ラベル：', /checklist/@label))"/>; font-size: 7.5pt; font-weight: bold; color: #a61414; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: <xsl:value-of select="tj:css(/checklist/@title)"/>; font-size: 7.5pt; color: #555; vertical-align: bottom; padding-bottom: 3mm; }
  @bottom-left { content: <xsl:value-of select="tj:css(/checklist/@foot)"/>; font-size: 6.5pt; color: #555; vertical-align: top; padding-top: 4mm; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #1a1a1a; vertical-align: top; padding-top: 4mm; }
}
  </xsl:template>

  <xsl:template name="css">
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #1a1a1a; background: #e9ecef; font-size: 9.5pt; line-height: 1.45; line-break: strict; }
body { margin: 0; }
.sheet { width: 210mm; min-height: 297mm; margin: 1rem auto; padding: 20mm 14mm 16mm; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.titleblock { position: relative; border-bottom: 1.5pt solid #0a3d6e; padding-bottom: 3pt; margin-bottom: 3pt; }
.titleblock .product { margin: 0 0 2pt; font-size: 8pt; color: #545454; }
.titleblock h1 { margin: 0; font-size: 16pt; line-height: 1.45; padding-right: 90pt; }
.infolabel { position: absolute; right: 0; top: 2pt; margin: 0; border: 1.2pt solid #a61414; color: #a61414; font-weight: bold; font-size: 10pt; padding: 1pt 7pt; }
table { border-collapse: collapse; }
.details { width: 100%; margin: 3pt 0 6pt; font-size: 9pt; }
.details th, .details td { border-top: 0.4pt solid #bfbfbf; border-bottom: 0.4pt solid #bfbfbf; padding: 1.5pt 4pt; text-align: left; vertical-align: top; font-weight: normal; }
.details th { width: 82pt; background: #e3ecf6; color: #0a3d6e; font-size: 8pt; font-weight: bold; }
.fields { width: 100%; margin: 0 0 8pt; }
.fields th { width: 150pt; text-align: left; vertical-align: top; padding: 3pt 6pt 3pt 0; font-weight: normal; }
.fields .flabel { display: block; font-size: 9pt; font-weight: bold; }
.fields .source { display: block; font-size: 6.5pt; color: #545454; }
.fields td.write { border-bottom: 0.6pt solid #1a1a1a; font-size: 10pt; vertical-align: bottom; padding: 0 0 2pt 6pt; height: 25pt; }
section.cl h2 { font-size: 10.5pt; color: #0a3d6e; margin: 9pt 0 0; padding: 0 0 2pt 7pt; border-left: 3pt solid #0a3d6e; border-bottom: 0.8pt solid #0a3d6e; break-after: avoid; page-break-after: avoid; }
section.cl h2 .mt { font-size: 8pt; color: #545454; font-weight: normal; }
.snote { margin: 2pt 0 1pt 34pt; font-size: 7.5pt; color: #5c3d0d; }
.row { position: relative; padding: 3pt 0 3pt 34pt; border-bottom: 0.4pt solid #bfbfbf; break-inside: avoid; page-break-inside: avoid; }
.row p { margin: 0; }
.row .box { position: absolute; left: 1.5pt; top: 5.4pt; width: 9pt; height: 9pt; border: 0.8pt solid #1a1a1a; }
.row .mark { position: absolute; left: 13pt; top: 2pt; font-size: 11pt; font-weight: bold; color: #0a3d6e; line-height: 1.45; }
.row .tag { position: absolute; left: 12pt; top: 4.4pt; font-size: 7pt; font-weight: bold; line-height: 1.3; padding: 0 1pt; border: 0.6pt solid #0a3d6e; color: #0a3d6e; }
.row.wait { background: #fff6de; }
.row.wait .tag { border-color: #8c5900; color: #8c5900; }
.row.wait .text { font-weight: bold; color: #8c5900; }
.pref { font-size: 7pt; color: #545454; font-weight: normal; }
.cond { font-size: 7.5pt; font-weight: bold; color: #8c4500; }
.item { font-size: 8pt; margin-top: 1pt !important; }
.note { font-size: 7.5pt; color: #5c3d0d; margin-top: 1pt !important; }
.times { font-size: 8pt; color: #8c5900; margin-top: 3pt !important; height: 15pt; }
.values { padding: 3pt 0 3pt 34pt; break-inside: avoid; page-break-inside: avoid; }
.values p { margin: 0 0 1.5pt; }
.values table { font-size: 8pt; }
.values th, .values td { border: 0.5pt solid #bfbfbf; padding: 2pt 3pt; text-align: left; vertical-align: top; }
.values th { background: #e3ecf6; }
.signoff { break-inside: avoid; page-break-inside: avoid; break-before: avoid; page-break-before: avoid; }
.signoff h2 { font-size: 10.5pt; color: #0a3d6e; margin: 12pt 0 4pt; }
.signs { display: flex; gap: 8pt; }
.sign { flex: 1; height: 44pt; border: 0.7pt solid #1a1a1a; }
.sign p { margin: 0; padding: 2pt 4pt; background: #e3ecf6; border-bottom: 0.7pt solid #1a1a1a; font-size: 8pt; font-weight: bold; color: #0a3d6e; }
.screenfoot { margin: 12pt 0 0; font-size: 6.5pt; color: #545454; }
@media print {
  html { background: #fff; }
  .sheet { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }
  .screenfoot { display: none; }
  .row, .values, .cond, .row.wait { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
  </xsl:template>
</xsl:stylesheet>
