// picket: the command line (cli/app.h). Under mpirun, MPI is set up around it (montecarlo/mpi.h).
#include <iostream>

#include "cli/app.h"
#include "montecarlo/mpi.h"

int main(int argc, char** argv) {
  picket::montecarlo::initMpiIfLaunched(&argc, &argv);
  const int status = picket::cli::run(argc, argv, std::cout, std::cerr);
  picket::montecarlo::finalizeMpi();
  return status;
}
