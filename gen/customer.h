/* customer.h: a customer profile (manuals/customers/<id>.yaml) for the printable checklists:
 * company, account name, contact, admin address, ordered services, Google Workspace plan,
 * region and MIP. Every value is checked against the catalog (services; conditions of kind
 * plan, region and mip) and every problem is reported as file:line:col with the allowed values.
 * Ownership: a tj_customer owns one arena holding it and its strings; customer_free releases it.
 * It never points into the catalog. */
#ifndef TEJUN_CUSTOMER_H
#define TEJUN_CUSTOMER_H
#include "model.h"

/* The longest company, account, contact or admin a profile may give, in characters. */
#define CUSTOMER_FIELD_MAX 256

typedef struct tj_customer {
  arena *a;
  const char *file; /* the path as given */
  const char *id; /* the file name without .yaml: ^[a-z0-9][a-z0-9-]*$ */
  const char *company, *account, *contact, *admin; /* account, contact, admin may be NULL */
  const char **services;
  diag_pos *service_pos;
  int nservices; /* as ordered, each once */
  const char *plan; /* a plan condition id without `plan-`, or NULL */
  const char *region; /* a region condition id without `region-` */
  int mip; /* 1 when Microsoft Information Protection is used */
} tj_customer;

/* Reads and checks a profile. NULL after reporting to d; *io_error is set when the file
 * cannot be read at all (exit status 2 rather than 1). */
tj_customer *customer_load(diag *d, const tj_catalog *cat, const char *path, int *io_error);
/* The same from bytes in memory (fuzzing, tests): `shown` names the file in diagnostics and
 * gives the customer id as above. */
tj_customer *customer_load_bytes(diag *d, const tj_catalog *cat, const char *data, size_t len,
                                 const char *shown);
void customer_free(tj_customer *c);
/* Loads the profiles files[0..n) into cus (room for n), in order, and returns how many. A profile
 * that fails, and a second profile of one customer (reported: "each writes WRITES<id>.pdf" when
 * writes is given, else "give each customer once"), is left out and raises *status with
 * exit_worst (2 unreadable, 1 errors). The caller frees each with customer_free. */
int customer_load_list(diag *d, const tj_catalog *cat, const char *const *files, int n,
                       const char *writes, tj_customer **cus, int *status);
/* 1 when the customer ordered the service. */
int customer_has_service(const tj_customer *c, const char *service);
/* 1 when a `when` applies to the customer: no condition, or any one of them holds
 * (plan-X: the plan is X; region-X: the region is X; a condition of kind mip: mip is true). */
int customer_holds(const tj_customer *c, const tj_catalog *cat, const tj_when *w);
#endif
