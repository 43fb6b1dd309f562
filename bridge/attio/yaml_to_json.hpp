#pragma once

#include <rapidjson/document.h>
#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace bridge::attio {

// Converts a YAML node to a JSON value so that YAML and JSON input share one validator.
// Plain scalars are typed by the YAML 1.2 core schema (null, true/false, numbers, else
// string), and quoted scalars are always strings, so `value: 42` is reported as a number
// instead of silently becoming "42". Non-scalar keys and repeated keys are appended to
// `errors` with their path and line.
void convert_yaml_to_json(const YAML::Node& node, const std::string& path, rapidjson::Value& out,
                          rapidjson::Document::AllocatorType& allocator,
                          std::vector<std::string>& errors);

}  // namespace bridge::attio
