/* version.h: the version of tejun, stamped into every output (the XML's tejun attribute, the
 * manifest, SARIF) and printed by `tejun --version`. Change it here only.
 * Ownership: tejun_version is a static string (defined in cmd_build.c); never freed. */
#ifndef TEJUN_VERSION_H
#define TEJUN_VERSION_H
#define TEJUN_VERSION "0.1.0"
extern const char *const tejun_version; /* = TEJUN_VERSION */
#endif
