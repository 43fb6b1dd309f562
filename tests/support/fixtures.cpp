#include "support/fixtures.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace bridge::testing {

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    throw std::runtime_error("cannot read " + path);
  }
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

std::string read_fixture(const std::string& name) {
  return read_file(std::string(BRIDGE_TEST_FIXTURES_DIR) + "/" + name);
}

std::vector<std::string> delivery_fixture_names() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(BRIDGE_TEST_FIXTURES_DIR)) {
    if (entry.path().extension() == ".json") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::vector<std::string> single_event_fixture_names() {
  std::vector<std::string> names = delivery_fixture_names();
  std::erase_if(names, [](const std::string& name) { return name.starts_with("batch-"); });
  return names;
}

}  // namespace bridge::testing
