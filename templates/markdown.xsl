<?xml version="1.0" encoding="UTF-8"?>
<!-- markdown.xsl: the intermediate XML → CommonMark (GitHub-flavoured tables) for code-hosting sites.
     Every piece of data passes through tj:md(), which escapes Markdown punctuation. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tj="urn:x-tejun" extension-element-prefixes="tj">
  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:variable name="nl" select="'&#10;'"/>

  <xsl:template match="/publication">
    <xsl:text>&lt;!-- tejun: manual=</xsl:text><xsl:value-of select="@manual"/>
    <xsl:if test="@service"><xsl:text> service=</xsl:text><xsl:value-of select="@service"/></xsl:if>
    <xsl:text> version=</xsl:text><xsl:value-of select="@version"/>
    <xsl:text> date=</xsl:text><xsl:value-of select="@date"/>
    <xsl:text> label=</xsl:text><xsl:value-of select="translate(@label, '-&gt;', '‐＞')"/>
    <xsl:text> generator=tejun </xsl:text><xsl:value-of select="@tejun"/>
    <xsl:text> --&gt;&#10;&#10;</xsl:text>
    <xsl:text>**情報ラベル：</xsl:text><xsl:value-of select="tj:md(@label)"/><xsl:text>**&#10;&#10;</xsl:text>
    <xsl:apply-templates select="cover"/>
    <xsl:call-template name="toc"/>
    <xsl:apply-templates select="changes"/>
    <xsl:apply-templates select="changelog | page | trademarks"/>
    <xsl:text>---&#10;&#10;</xsl:text>
    <xsl:value-of select="tj:md(@product)"/><xsl:text>　</xsl:text>
    <xsl:value-of select="tj:md(@title)"/><xsl:text>　</xsl:text>
    <xsl:value-of select="tj:md(@version)"/><xsl:text>（</xsl:text><xsl:value-of select="@date"/><xsl:text>）</xsl:text>
    <xsl:text>　情報ラベル：</xsl:text><xsl:value-of select="tj:md(@label)"/>
    <xsl:text>　tejun </xsl:text><xsl:value-of select="@tejun"/><xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="services"/>

  <xsl:template match="cover">
    <xsl:text># </xsl:text><xsl:value-of select="tj:md(../@title)"/>
    <xsl:if test="../@view = 'service'"><xsl:text>［</xsl:text><xsl:value-of select="tj:md(../@service-name)"/><xsl:text>］</xsl:text></xsl:if>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="tj:md(../@product)"/><xsl:text>  &#10;</xsl:text>
    <xsl:value-of select="tj:md(../@publisher)"/><xsl:text>  &#10;</xsl:text>
    <xsl:value-of select="tj:md(../@version)"/><xsl:text>（</xsl:text><xsl:value-of select="../@date"/><xsl:text>）&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="toc">
    <xsl:text>## 目次&#10;&#10;</xsl:text>
    <xsl:text>- P</xsl:text><xsl:value-of select="changelog/@n"/><xsl:text> 変更履歴&#10;</xsl:text>
    <xsl:for-each select="page">
      <xsl:text>- P</xsl:text><xsl:value-of select="@n"/><xsl:text> </xsl:text><xsl:value-of select="tj:md(@title)"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>- P</xsl:text><xsl:value-of select="trademarks/@n"/><xsl:text> 商標について&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="changes">
    <xsl:text>## 変更点（</xsl:text><xsl:value-of select="tj:md(@since)"/><xsl:text>から）&#10;&#10;</xsl:text>
    <xsl:for-each select="revision"><xsl:text>- </xsl:text><xsl:value-of select="tj:md(@version)"/><xsl:text>（</xsl:text><xsl:value-of select="@date"/><xsl:text>）</xsl:text><xsl:value-of select="tj:md(.)"/><xsl:text>&#10;</xsl:text></xsl:for-each>
    <xsl:for-each select="change">
      <xsl:text>- </xsl:text>
      <xsl:choose>
        <xsl:when test="@page"><xsl:text>P</xsl:text><xsl:value-of select="@page"/><xsl:text> </xsl:text><xsl:value-of select="tj:md(@title)"/></xsl:when>
        <xsl:when test="@old-page"><xsl:text>（旧P</xsl:text><xsl:value-of select="@old-page"/><xsl:text>） </xsl:text><xsl:value-of select="tj:md(@old-title)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="tj:md(@what)"/></xsl:otherwise>
      </xsl:choose>
      <xsl:if test="@mark"><xsl:text> 手順</xsl:text><xsl:value-of select="@mark"/></xsl:if>
      <xsl:text>：</xsl:text><xsl:call-template name="change-label"/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:if test="not(change)"><xsl:text>内容の変更はありません。&#10;</xsl:text></xsl:if>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template name="change-label">
    <xsl:variable name="s" select="concat(@changed, @status)"/>
    <xsl:choose>
      <xsl:when test="$s = 'added'">追加</xsl:when>
      <xsl:when test="$s = 'removed'">削除</xsl:when>
      <xsl:when test="$s = 'moved'">移動</xsl:when>
      <xsl:when test="$s = 'moved-changed'">移動・変更</xsl:when>
      <xsl:otherwise>変更</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="changelog">
    <xsl:text>## P</xsl:text><xsl:value-of select="@n"/><xsl:text> 変更履歴&#10;&#10;</xsl:text>
    <xsl:text>| 年月日 | 版 | 変更内容等 |&#10;| --- | --- | --- |&#10;</xsl:text>
    <xsl:for-each select="revision">
      <xsl:text>| </xsl:text><xsl:value-of select="@date"/>
      <xsl:text> | </xsl:text><xsl:value-of select="tj:md(@version)"/>
      <xsl:text> | </xsl:text><xsl:value-of select="tj:md(.)"/><xsl:text> |&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="page">
    <xsl:text>## P</xsl:text><xsl:value-of select="@n"/><xsl:text> </xsl:text><xsl:value-of select="tj:md(@title)"/>
    <xsl:if test="@changed"><xsl:text>（</xsl:text><xsl:call-template name="change-label"/><xsl:text>あり）</xsl:text></xsl:if>
    <xsl:text>&#10;&#10;</xsl:text>
    <xsl:call-template name="when"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template name="when">
    <xsl:if test="@when-label">
      <xsl:text>**［条件］</xsl:text><xsl:value-of select="tj:md(@when-label)"/><xsl:text>**&#10;&#10;</xsl:text>
    </xsl:if>
  </xsl:template>

  <xsl:template name="when-inline">
    <xsl:if test="@when-label"><xsl:text>**［条件：</xsl:text><xsl:value-of select="tj:md(@when-label)"/><xsl:text>］** </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="para">
    <xsl:call-template name="when-inline"/><xsl:apply-templates/><xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="page/heading">
    <xsl:text>### </xsl:text><xsl:apply-templates/><xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="note">
    <xsl:text>&gt; ※</xsl:text><xsl:call-template name="when-inline"/><xsl:apply-templates/><xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="list">
    <xsl:for-each select="item">
      <xsl:text>- </xsl:text><xsl:call-template name="when-inline"/><xsl:apply-templates/><xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="step">
    <xsl:call-template name="when"/>
    <xsl:if test="@changed"><xsl:text>**［</xsl:text><xsl:call-template name="change-label"/><xsl:text>］** </xsl:text></xsl:if>
    <xsl:text>**</xsl:text><xsl:value-of select="@mark"/><xsl:text>** </xsl:text>
    <xsl:apply-templates select="text"/><xsl:text>&#10;&#10;</xsl:text>
    <xsl:apply-templates select="*[not(self::text)]"/>
  </xsl:template>

  <xsl:template match="step/text"><xsl:apply-templates/></xsl:template>

  <xsl:template match="table">
    <xsl:if test="head">
      <xsl:text>|</xsl:text>
      <xsl:for-each select="head/cell"><xsl:text> </xsl:text><xsl:apply-templates/><xsl:text> |</xsl:text></xsl:for-each>
      <xsl:text>&#10;|</xsl:text>
      <xsl:for-each select="head/cell"><xsl:text> --- |</xsl:text></xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:if>
    <xsl:for-each select="row">
      <xsl:text>|</xsl:text>
      <xsl:for-each select="cell">
        <xsl:text> </xsl:text>
        <xsl:if test="position() = 1 and ../@when-label"><xsl:text>［条件：</xsl:text><xsl:value-of select="tj:md(../@when-label)"/><xsl:text>］ </xsl:text></xsl:if>
        <xsl:apply-templates/><xsl:text> |</xsl:text>
      </xsl:for-each>
      <xsl:text>&#10;</xsl:text>
    </xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="code">
    <xsl:variable name="f" select="tj:fence(.)"/>
    <xsl:value-of select="$f"/><xsl:text>&#10;</xsl:text>
    <xsl:value-of select="."/>
    <xsl:if test="substring(., string-length(.)) != '&#10;'"><xsl:text>&#10;</xsl:text></xsl:if>
    <xsl:value-of select="$f"/><xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="screenshot">
    <xsl:choose>
      <xsl:when test="@src"><xsl:text>![画面：</xsl:text><xsl:value-of select="tj:md(@caption)"/><xsl:text>](&lt;</xsl:text><xsl:value-of select="translate(@src, '&lt;&gt;', '')"/><xsl:text>&gt;)</xsl:text></xsl:when>
      <xsl:otherwise><xsl:text>*［画面：</xsl:text><xsl:value-of select="tj:md(@caption)"/><xsl:text>］*</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="trademarks">
    <xsl:text>## P</xsl:text><xsl:value-of select="@n"/><xsl:text> 商標について&#10;&#10;</xsl:text>
    <xsl:for-each select="trademark"><xsl:text>- </xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:for-each>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- inline: text is escaped; markup is written by the template -->
  <xsl:template match="text()"><xsl:value-of select="tj:md(.)"/></xsl:template>
  <xsl:template match="strong"><xsl:text>**</xsl:text><xsl:apply-templates/><xsl:text>**</xsl:text></xsl:template>
  <xsl:template match="em"><xsl:text>*</xsl:text><xsl:apply-templates/><xsl:text>*</xsl:text></xsl:template>
  <xsl:template match="code[parent::text or parent::para or parent::note or parent::item or parent::cell or parent::heading or parent::strong or parent::em or parent::a or parent::span or parent::trademark]">
    <xsl:variable name="tick"><xsl:choose><xsl:when test="contains(., '`')">``</xsl:when><xsl:otherwise>`</xsl:otherwise></xsl:choose></xsl:variable>
    <xsl:value-of select="$tick"/><xsl:text> </xsl:text><xsl:value-of select="translate(., '&#10;', ' ')"/><xsl:text> </xsl:text><xsl:value-of select="$tick"/>
  </xsl:template>
  <xsl:template match="br"><xsl:text>\&#10;</xsl:text></xsl:template>
  <xsl:template match="br[ancestor::cell or ancestor::item or ancestor::trademark]"><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="span"><xsl:apply-templates/></xsl:template>
  <xsl:template match="a[@href = string(.)]" priority="1"><xsl:value-of select="tj:md(.)"/></xsl:template>
  <xsl:template match="a[@href]">
    <xsl:text>[</xsl:text><xsl:apply-templates/><xsl:text>](&lt;</xsl:text><xsl:value-of select="translate(@href, '&lt;&gt; ', '')"/><xsl:text>&gt;)</xsl:text>
  </xsl:template>
  <xsl:template match="a"><xsl:apply-templates/></xsl:template>
  <xsl:template match="ref"><xsl:value-of select="tj:md(.)"/></xsl:template>
</xsl:stylesheet>
