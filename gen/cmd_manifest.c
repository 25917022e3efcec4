/* cmd_manifest.c: `tejun manifest`: rewrite or check DIR/manifest.json (manifest.c). */
#include "cmd.h"
#include "diag.h"
#include "manifest.h"
#include "version.h"
#include <stdio.h>

const char cmd_manifest_usage[] =
    "usage: tejun manifest [--check] [-o DIR]\n"
    "\n"
    "Rewrite DIR/manifest.json (default DIR: out) from the parts that each `tejun build`\n"
    "leaves in DIR/.tejun/parts/: every output with its manual, service, format,\n"
    "version, date, SHA-256 and size. `make` runs it after the builds.\n"
    "\n"
    "The manifest says \"state\": \"complete\" when it matches the files. A build marks it\n"
    "\"building\" before it replaces the first output and writes it complete at the end;\n"
    "a build stopped by SIGINT, SIGTERM or SIGHUP finishes the manual it is writing and\n"
    "writes the manifest before it exits; one killed outright (SIGKILL, power cut) leaves\n"
    "\"building\" until the next build or `tejun manifest`.\n"
    "\n"
    "options:\n"
    "      --check          write nothing; compare the manifest with the files on disk\n"
    "  -o, --output DIR     the output folder (default: out)\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 written (or in step), 1 out of step (--check), 2 usage or I/O error.\n";

enum { O_CHECK = 256 };
static const struct option S_longs[] = {{"check", no_argument, NULL, O_CHECK},
                                        {"output", required_argument, NULL, 'o'},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

int cmd_manifest_main(int argc, char **argv) {
  const char *out = "out";
  int check = 0;
  cmd_args a = {argc, argv, "manifest", "o:h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    switch (c) {
    case 'h': fputs(cmd_manifest_usage, stdout); return 0;
    case 'o': out = a.arg; break;
    case O_CHECK: check = 1; break;
    case CMD_FILE: return cmd_usage_error("manifest", "unknown argument '%s' for manifest", a.arg);
    default: return 2;
    }
  }
  if (!*out) return cmd_usage_error("manifest", "%s", "-o needs a folder");
  diag d;
  diag_init(&d, stderr, cmd_color(), 1);
  int rc = check                                         ? manifest_check(&d, out, tejun_version)
           : manifest_write(&d, out, tejun_version) == 0 ? 0
                                                         : 2;
  diag_free(&d);
  return rc;
}
