// libpq (Debian's libpq-dev): the client library every PostgreSQL tool speaks, so a
// `postgresql://` journal takes the connection options operators already use (several
// hosts, target_session_attrs, sslmode, service files, ~/.pgpass, PG* variables), and
// its socket (PQsocket) sits in the console's one poll(2) beside the terminal.
#ifndef WARROOM_CLIBPQ_SHIM_H
#define WARROOM_CLIBPQ_SHIM_H
#include <postgresql/libpq-fe.h>
#endif
