// picket: the command line (cli/app.h).
#include <iostream>

#include "cli/app.h"

int main(int argc, char** argv) { return picket::cli::run(argc, argv, std::cout, std::cerr); }
