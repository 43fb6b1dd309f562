#include "bridge/cli/commands.hpp"

int main(int argc, char** argv, char** envp) {
  return bridge::cli::run(argc, argv, envp);
}
