<?xml version="1.0" encoding="UTF-8"?>
<!-- diff-markdown.xsl: a diff document (tejun diff) → Markdown: ~~deleted~~ and **inserted** text
     (GitHub renders both), headed by the change-log rows between the versions. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tj="urn:x-tejun" extension-element-prefixes="tj">
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/diff">
    <xsl:text>&lt;!-- tejun diff: manual=</xsl:text><xsl:value-of select="@manual"/>
    <xsl:text> old=</xsl:text><xsl:value-of select="@old-version"/>
    <xsl:text> new=</xsl:text><xsl:value-of select="@new-version"/>
    <xsl:text> changes=</xsl:text><xsl:value-of select="@changes"/>
    <xsl:text> generator=tejun </xsl:text><xsl:value-of select="@tejun"/><xsl:text> --&gt;&#10;&#10;</xsl:text>
    <xsl:text># 変更点：</xsl:text><xsl:value-of select="tj:md(@title)"/><xsl:text>&#10;&#10;</xsl:text>
    <xsl:value-of select="tj:md(@old-version)"/><xsl:text>（</xsl:text><xsl:value-of select="@old-date"/><xsl:text>）→ </xsl:text>
    <xsl:value-of select="tj:md(@new-version)"/><xsl:text>（</xsl:text><xsl:value-of select="@new-date"/><xsl:text>）、変更 </xsl:text>
    <xsl:value-of select="@changes"/><xsl:text> 件&#10;&#10;## 変更履歴（この間の版）&#10;&#10;</xsl:text>
    <xsl:choose>
      <xsl:when test="rows/revision">
        <xsl:text>| 年月日 | 版 | 変更内容等 |&#10;| --- | --- | --- |&#10;</xsl:text>
        <xsl:for-each select="rows/revision">
          <xsl:text>| </xsl:text><xsl:value-of select="@date"/><xsl:text> | </xsl:text><xsl:value-of select="tj:md(@version)"/>
          <xsl:text> | </xsl:text><xsl:value-of select="tj:md(.)"/><xsl:text> |&#10;</xsl:text>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:text>変更履歴に新しい行はありません。&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="not(field | page)"><xsl:text>内容の変更はありません。&#10;&#10;</xsl:text></xsl:if>
    <xsl:apply-templates select="field | page"/>
  </xsl:template>

  <xsl:template match="field">
    <xsl:text>## </xsl:text><xsl:value-of select="tj:md(@label)"/><xsl:text>（変更）&#10;&#10;</xsl:text>
    <xsl:apply-templates select="text/*"/><xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="page">
    <xsl:text>## </xsl:text>
    <xsl:choose>
      <xsl:when test="@n"><xsl:text>P</xsl:text><xsl:value-of select="@n"/><xsl:text> </xsl:text><xsl:value-of select="tj:md(@title)"/></xsl:when>
      <xsl:otherwise><xsl:text>（旧P</xsl:text><xsl:value-of select="@old-n"/><xsl:text>） </xsl:text><xsl:value-of select="tj:md(@old-title)"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>（</xsl:text><xsl:call-template name="status"/><xsl:text>）&#10;&#10;</xsl:text>
    <xsl:apply-templates select="step | block"/>
  </xsl:template>

  <xsl:template match="step | block">
    <xsl:text>- </xsl:text>
    <xsl:choose>
      <xsl:when test="self::step"><xsl:text>手順 </xsl:text><xsl:value-of select="@mark"/><xsl:if test="not(@mark)"><xsl:value-of select="@old-mark"/></xsl:if>
        <xsl:if test="@mark and @old-mark and @mark != @old-mark"><xsl:text>（旧</xsl:text><xsl:value-of select="@old-mark"/><xsl:text>）</xsl:text></xsl:if></xsl:when>
      <xsl:otherwise><xsl:value-of select="@kind"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>（</xsl:text><xsl:call-template name="status"/><xsl:text>）</xsl:text>
    <xsl:if test="@from-page"><xsl:text> P</xsl:text><xsl:value-of select="@from-page"/><xsl:text>から移動</xsl:text></xsl:if>
    <xsl:if test="@to-page"><xsl:text> P</xsl:text><xsl:value-of select="@to-page"/><xsl:text>へ移動</xsl:text></xsl:if>
    <xsl:if test="text"><xsl:text>：</xsl:text><xsl:apply-templates select="text/*"/></xsl:if>
    <xsl:text>&#10;</xsl:text>
    <xsl:if test="position() = last()"><xsl:text>&#10;</xsl:text></xsl:if>
  </xsl:template>

  <xsl:template name="status">
    <xsl:choose>
      <xsl:when test="@status = 'added'">追加</xsl:when>
      <xsl:when test="@status = 'removed'">削除</xsl:when>
      <xsl:when test="@status = 'changed'">変更</xsl:when>
      <xsl:when test="@status = 'moved'">移動</xsl:when>
      <xsl:when test="@status = 'moved-changed'">移動・変更</xsl:when>
      <xsl:when test="@status = 'moved-away'">他のページへ移動</xsl:when>
      <xsl:when test="@status = 'renumbered'">番号のみ変更</xsl:when>
      <xsl:otherwise><xsl:value-of select="@status"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="same"><xsl:value-of select="tj:md(translate(., '&#10;', ' '))"/></xsl:template>
  <xsl:template match="del"><xsl:text>~~</xsl:text><xsl:value-of select="tj:md(translate(., '&#10;', ' '))"/><xsl:text>~~</xsl:text></xsl:template>
  <xsl:template match="ins"><xsl:text>**</xsl:text><xsl:value-of select="tj:md(translate(., '&#10;', ' '))"/><xsl:text>**</xsl:text></xsl:template>

  <xsl:template match="*" priority="-10">
    <xsl:message terminate="yes">tejun: diff-markdown.xsl has no template for element '<xsl:value-of select="name()"/>'</xsl:message>
  </xsl:template>
</xsl:stylesheet>
