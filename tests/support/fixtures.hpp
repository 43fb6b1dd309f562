#pragma once

#include <string>
#include <vector>

namespace bridge::testing {

// The secret the fixtures' .sig files were made with.
inline constexpr const char* kFixtureSecret = "whsec_test_4f9c2b7e1a";

// Returns the bytes of tests/fixtures/NAME, or throws std::runtime_error.
std::string read_fixture(const std::string& name);

// Returns the file names of every delivery fixture (tests/fixtures/*.json), sorted.
std::vector<std::string> delivery_fixture_names();

// Returns the names of the single-event fixtures, which are named after their event type
// ("record.created.json" contains one record.created event).
std::vector<std::string> single_event_fixture_names();

// Reads a whole file, or throws std::runtime_error naming it.
std::string read_file(const std::string& path);

}  // namespace bridge::testing
