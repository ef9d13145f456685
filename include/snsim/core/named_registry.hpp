#pragma once
// NamedRegistry: factories by name with a one-line summary each, in registration order. The
// process and strategy registries are both one of these, so that adding a process or a strategy
// is one registration line and an unknown name gives the same kind of message.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace snsim {

template <class Factory>
class NamedRegistry {
 public:
  /// kind names the entries in messages, e.g. "process".
  explicit NamedRegistry(std::string kind) : kind_(std::move(kind)) {}

  /// Adds an entry; throws std::logic_error if the name is taken.
  void add(std::string name, std::string summary, Factory factory) {
    for (const auto& e : entries_)
      if (e.name == name) throw std::logic_error(kind_ + " registered twice: " + name);
    entries_.push_back({std::move(name), std::move(summary), std::move(factory)});
  }
  /// Returns the factory of name; throws std::out_of_range if unknown.
  const Factory& factory(const std::string& name) const { return find(name).factory; }
  /// Returns every registered name, in registration order.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : entries_) out.push_back(e.name);
    return out;
  }
  /// Returns the one-line summary of an entry; throws std::out_of_range if unknown.
  const std::string& summary(const std::string& name) const { return find(name).summary; }

 private:
  struct Entry {
    std::string name, summary;
    Factory factory;
  };
  const Entry& find(const std::string& name) const {
    for (const auto& e : entries_)
      if (e.name == name) return e;
    throw std::out_of_range("unknown " + kind_ + " '" + name + "'");
  }
  std::string kind_;
  std::vector<Entry> entries_;
};

}  // namespace snsim
