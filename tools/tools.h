/* tools.h: the subcommands of the basis program; each returns the process exit status. */
#ifndef BASIS_TOOLS_H
#define BASIS_TOOLS_H

/* Exit statuses shared by every subcommand. */
enum { BASIS_EXIT_OK = 0, BASIS_EXIT_RUNTIME = 1, BASIS_EXIT_USAGE = 2 };

int basis_tool_info(int argc, char **argv);
int basis_tool_smoke(int argc, char **argv);
int basis_tool_solve(int argc, char **argv);
int basis_tool_pagerank(int argc, char **argv);
int basis_tool_eigen(int argc, char **argv);

#endif /* BASIS_TOOLS_H */
