<?xml version="1.0" encoding="UTF-8"?>
<!-- diff-html.xsl: a diff document (tejun diff) → a standalone HTML redline: insertions and
     deletions marked, a change bar in the margin, headed by the change-log rows between the versions. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="common.xsl"/>
  <xsl:output method="html" encoding="UTF-8" indent="no" doctype-system="about:legacy-compat"/>

  <!-- dates as the decks print them (2021年08月25日); the diff document keeps ISO dates -->
  <xsl:template match="/diff">
    <html lang="ja">
      <head>
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tejun {@tejun}"/>
        <meta name="tejun-manual" content="{@manual}"/>
        <meta name="tejun-version" content="{@new-version}"/>
        <meta name="tejun-old-version" content="{@old-version}"/>
        <title>変更点：<xsl:value-of select="@title"/>　<xsl:value-of select="@old-version"/> → <xsl:value-of select="@new-version"/></title>
        <style>
html { font-family: "Noto Sans CJK JP", "IPAexGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #1a1a1a; background: #f4f5f7; line-height: 1.7; }
body { margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
header.top { background: #123; color: #fff; padding: .6rem 1.5rem; }
header.top h1 { font-size: 1.3rem; margin: 0; }
header.top p { margin: .2rem 0 0; font-size: .9rem; }
section { background: #fff; border: 1px solid #c8c8c8; border-radius: 4px; padding: 1rem 1.5rem; margin: 1rem 0; }
h2 { font-size: 1.15rem; margin: 0 0 .6rem; color: #0a3d6e; }
.status { display: inline-block; font-size: .8rem; padding: 0 .5em; border-radius: 3px; margin-left: .6em; border: 1px solid #555; color: #333; background: #f2f2f2; font-weight: normal; }
.change { border-left: 4px solid #b35900; padding: .3rem .8rem; margin: .5rem 0; background: #fffaf3; }
.change.added { border-left-color: #1e6b2f; background: #f3fbf4; }
.change.removed { border-left-color: #a4161a; background: #fdf3f3; }
.what { font-size: .85rem; color: #444; margin: 0 0 .2rem; }
.text { margin: 0; white-space: pre-wrap; }
.images { display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0; }
.images figure { margin: 0; flex: 1 1 18rem; max-width: 100%; }
.images img { max-width: 100%; height: auto; border: 3px solid #999; }
.images .old img { border-color: #b22; }
.images .new img { border-color: #1a7f37; }
.images figcaption { font-size: .85rem; }
del { color: #8b0000; background: #fddede; text-decoration: line-through; }
ins { color: #0f4d1c; background: #d6f5dc; text-decoration: underline; }
table { border-collapse: collapse; }
th, td { border: 1px solid #c8c8c8; padding: .3rem .6rem; text-align: left; vertical-align: top; }
td:first-child, td:nth-child(2) { white-space: nowrap; }
.none { color: #444; }
@page { size: A4; margin: 15mm; }
@media print { html { background: #fff; } section { break-inside: avoid-page; border: none; padding: 0; } }
        </style>
      </head>
      <body>
        <header class="top">
          <h1>変更点：<xsl:value-of select="@title"/></h1>
          <p><xsl:value-of select="@old-version"/>（<xsl:value-of select="concat(substring(@old-date, 1, 4), '年', substring(@old-date, 6, 2), '月', substring(@old-date, 9, 2), '日')"/>）→ <xsl:value-of select="@new-version"/>（<xsl:value-of select="concat(substring(@new-date, 1, 4), '年', substring(@new-date, 6, 2), '月', substring(@new-date, 9, 2), '日')"/>）　変更 <xsl:value-of select="@changes"/> 件　情報ラベル：<xsl:value-of select="@label"/></p>
        </header>
        <main>
          <section aria-labelledby="why">
            <h2 id="why">変更履歴（この間の版）</h2>
            <xsl:choose>
              <xsl:when test="rows/revision">
                <table>
                  <thead><tr><th scope="col">年月日</th><th scope="col">版</th><th scope="col">変更内容等</th></tr></thead>
                  <tbody>
                    <xsl:for-each select="rows/revision"><tr><td><xsl:value-of select="concat(substring(@date, 1, 4), '年', substring(@date, 6, 2), '月', substring(@date, 9, 2), '日')"/></td><td><xsl:value-of select="@version"/></td><td><xsl:value-of select="."/></td></tr></xsl:for-each>
                  </tbody>
                </table>
              </xsl:when>
              <xsl:otherwise><p class="none">変更履歴に新しい行はありません。</p></xsl:otherwise>
            </xsl:choose>
          </section>
          <xsl:if test="not(field | page)"><section><p class="none">内容の変更はありません。</p></section></xsl:if>
          <xsl:apply-templates select="field | page"/>
          <p class="none">比較：<xsl:value-of select="@old"/> → <xsl:value-of select="@new"/>（tejun <xsl:value-of select="@tejun"/>）</p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="field">
    <section aria-label="{@label}">
      <h2><xsl:value-of select="@label"/><span class="status">変更</span></h2>
      <div class="change"><p class="text"><xsl:apply-templates select="text/*"/></p></div>
    </section>
  </xsl:template>

  <xsl:template match="page">
    <section aria-label="P{@n}{@old-n}">
      <h2>
        <xsl:choose>
          <xsl:when test="@n">P<xsl:value-of select="@n"/>　<xsl:value-of select="@title"/></xsl:when>
          <xsl:otherwise>（旧P<xsl:value-of select="@old-n"/>）　<xsl:value-of select="@old-title"/></xsl:otherwise>
        </xsl:choose>
        <span class="status"><xsl:call-template name="change-label"/></span>
        <xsl:if test="@n and @old-n and @n != @old-n"><span class="status">旧P<xsl:value-of select="@old-n"/></span></xsl:if>
      </h2>
      <xsl:apply-templates select="step | block"/>
    </section>
  </xsl:template>

  <xsl:template match="step | block">
    <div>
      <xsl:attribute name="class">change <xsl:value-of select="@status"/></xsl:attribute>
      <p class="what">
        <xsl:choose>
          <xsl:when test="self::step">手順 <xsl:value-of select="@mark"/><xsl:if test="not(@mark)"><xsl:value-of select="@old-mark"/></xsl:if><xsl:if test="@mark and @old-mark and @mark != @old-mark">（旧<xsl:value-of select="@old-mark"/>）</xsl:if></xsl:when>
          <xsl:otherwise><xsl:call-template name="kind"/></xsl:otherwise>
        </xsl:choose>
        <span class="status"><xsl:call-template name="change-label"/></span>
        <xsl:if test="@from-page"><span class="status">P<xsl:value-of select="@from-page"/>から移動</span></xsl:if>
        <xsl:if test="@to-page"><span class="status">P<xsl:value-of select="@to-page"/>へ移動</span></xsl:if>
      </p>
      <xsl:if test="text"><p class="text"><xsl:apply-templates select="text/*"/></p></xsl:if>
      <xsl:apply-templates select="image"/>
    </div>
  </xsl:template>

  <!-- a replaced picture, old beside new -->
  <xsl:template match="image">
    <div class="images">
      <xsl:for-each select="old | new">
        <xsl:variable name="side"><xsl:choose><xsl:when test="self::old">旧</xsl:when><xsl:otherwise>新</xsl:otherwise></xsl:choose></xsl:variable>
        <figure>
          <xsl:attribute name="class">img <xsl:value-of select="local-name()"/></xsl:attribute>
          <xsl:choose>
            <xsl:when test="@href and @width"><img src="{@href}" width="{@width}" height="{@height}" alt="{../@caption}（{$side}）"/></xsl:when>
            <xsl:when test="@href"><img src="{@href}" alt="{../@caption}（{$side}）"/></xsl:when>
            <xsl:when test="@sha256"><p class="none">画像のファイルが見つかりません（sha256:<xsl:value-of select="@sha256"/>）</p></xsl:when>
            <xsl:otherwise><p class="none">画像なし</p></xsl:otherwise>
          </xsl:choose>
          <figcaption><xsl:value-of select="$side"/>：<xsl:value-of select="../@caption"/></figcaption>
        </figure>
      </xsl:for-each>
    </div>
  </xsl:template>

  <xsl:template name="kind">
    <xsl:choose>
      <xsl:when test="@kind = 'title'">ページタイトル</xsl:when>
      <xsl:when test="@kind = 'para'">本文</xsl:when>
      <xsl:when test="@kind = 'note'">※注記</xsl:when>
      <xsl:when test="@kind = 'heading'">見出し</xsl:when>
      <xsl:when test="@kind = 'list'">箇条書き</xsl:when>
      <xsl:when test="@kind = 'table'">表</xsl:when>
      <xsl:when test="@kind = 'code'">コード</xsl:when>
      <xsl:when test="@kind = 'screenshot'">画面</xsl:when>
      <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="same"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="del"><del><xsl:value-of select="."/></del></xsl:template>
  <xsl:template match="ins"><ins><xsl:value-of select="."/></ins></xsl:template>

  <xsl:template match="*" priority="-10">
    <xsl:message terminate="yes">tejun: diff-html.xsl has no template for element '<xsl:value-of select="name()"/>'</xsl:message>
  </xsl:template>
</xsl:stylesheet>
