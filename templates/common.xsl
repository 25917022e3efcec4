<?xml version="1.0" encoding="UTF-8"?>
<!-- common.xsl: what every output shares: labels, the version stamp, the catch-all. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- the version stamp, for people: 第2.0版（2024年04月19日） -->
  <xsl:template name="stamp">
    <xsl:value-of select="/publication/@version"/>
    <xsl:text>（</xsl:text>
    <xsl:call-template name="ja-date"><xsl:with-param name="d" select="/publication/@date"/></xsl:call-template>
    <xsl:text>）</xsl:text>
  </xsl:template>

  <!-- a date as the decks print it: 2021-08-25 → 2021年08月25日 (the XML keeps ISO dates) -->
  <xsl:template name="ja-date">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="string-length($d) = 10 and substring($d, 5, 1) = '-' and substring($d, 8, 1) = '-'">
        <xsl:value-of select="concat(substring($d, 1, 4), '年', substring($d, 6, 2), '月', substring($d, 9, 2), '日')"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$d"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="doc-title">
    <xsl:value-of select="/publication/@title"/>
    <xsl:if test="/publication/@view = 'service'">
      <xsl:text>［</xsl:text>
      <xsl:value-of select="/publication/@service-name"/>
      <xsl:text>］</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- the label of a change, in every output that marks one: a page's or a step's `changed` in a
       publication, a change's `status` in a diff document (gen/markdown.c's S_change_label prints
       the same words) -->
  <xsl:template name="change-label">
    <xsl:param name="s" select="concat(@changed, @status)"/>
    <xsl:choose>
      <xsl:when test="$s = 'added'">追加</xsl:when>
      <xsl:when test="$s = 'removed'">削除</xsl:when>
      <xsl:when test="$s = 'changed' or $s = ''">変更</xsl:when>
      <xsl:when test="$s = 'moved'">移動</xsl:when>
      <xsl:when test="$s = 'moved-changed'">移動・変更</xsl:when>
      <xsl:when test="$s = 'moved-away'">他のページへ移動</xsl:when>
      <xsl:when test="$s = 'renumbered'">番号のみ変更</xsl:when>
      <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- an element nobody handles stops the build: C and templates must agree -->
  <xsl:template match="*" priority="-10">
    <xsl:message terminate="yes">tejun: the stylesheet has no template for element '<xsl:value-of select="name()"/>'</xsl:message>
  </xsl:template>
</xsl:stylesheet>
