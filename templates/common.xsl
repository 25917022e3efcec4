<?xml version="1.0" encoding="UTF-8"?>
<!-- common.xsl: what every output shares: labels, the version stamp, the catch-all. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- the version stamp, for people: 第2.0版（2024-04-19） -->
  <xsl:template name="stamp">
    <xsl:value-of select="/publication/@version"/>
    <xsl:text>（</xsl:text>
    <xsl:value-of select="/publication/@date"/>
    <xsl:text>）</xsl:text>
  </xsl:template>

  <xsl:template name="doc-title">
    <xsl:value-of select="/publication/@title"/>
    <xsl:if test="/publication/@view = 'service'">
      <xsl:text>［</xsl:text>
      <xsl:value-of select="/publication/@service-name"/>
      <xsl:text>］</xsl:text>
    </xsl:if>
  </xsl:template>

  <!-- an element nobody handles stops the build: C and templates must agree -->
  <xsl:template match="*" priority="-10">
    <xsl:message terminate="yes">tejun: the stylesheet has no template for element '<xsl:value-of select="name()"/>'</xsl:message>
  </xsl:template>
</xsl:stylesheet>
