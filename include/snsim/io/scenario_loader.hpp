#pragma once
// Loading a scenario: YAML text -> strict checks -> an immutable, fully defaulted Scenario.
//
// Every error is a ScenarioError naming file:line:column and the key path (or the `--set`
// override it came from). Overrides are applied before any check, so they obey the same rules.
#include <string>
#include <vector>

#include "snsim/core/scenario.hpp"
#include "snsim/io/scenario_error.hpp"

namespace snsim {

/// Returns the scenario in a file, with overrides ("key.path=value") applied first.
/// Throws ScenarioError on any bad input, including an unreadable file.
Scenario load_scenario_file(const std::string& path,
                            const std::vector<std::string>& overrides = {});

/// Returns the text of a scenario file: a regular file of at most kMaxScenarioBytes
/// (input_file.hpp). Throws ScenarioError naming the file otherwise.
std::string read_scenario_file(const std::string& path);

/// Returns the scenario in a YAML text; origin names it in errors, base_dir resolves relative
/// paths.
Scenario load_scenario_text(const std::string& text, const std::string& origin,
                            const std::vector<std::string>& overrides = {},
                            const std::string& base_dir = ".");

/// Returns every key path a scenario may set, in schema order (brands as brands[].key).
std::vector<std::string> scenario_key_paths();

}  // namespace snsim
