#include "cli/app.h"

int main(int argc, char** argv) { return twin::cli::run(argc, argv); }
