#include "snsim/io/detail/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <sstream>
#include <string_view>

namespace snsim::detail {
namespace {

SourcePlace place_of(const YAML::Mark& m, const std::string& origin) {
  if (m.line < 0) return {origin, 0, 0};
  return {origin, m.line + 1, m.column + 1};
}

// Returns the byte offset of a 0-based (line, column) in text, or npos.
std::size_t offset_of(const std::string& text, int line, int column) {
  std::size_t pos = 0;
  for (int l = 0; l < line; ++l) {
    pos = text.find('\n', pos);
    if (pos == std::string::npos) return pos;
    ++pos;
  }
  return pos + static_cast<std::size_t>(column);
}

// yaml-cpp accepts a quote left open at the end of the file, swallowing the rest of it into one
// string; find the closing quote ourselves.
bool quote_is_closed(const std::string& text, std::size_t start) {
  if (start >= text.size()) return true;
  const char q = text[start];
  if (q != '\'' && q != '"') return true;  // block scalar or tagged value
  for (std::size_t i = start + 1; i < text.size(); ++i) {
    if (q == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == q) {
      if (q == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;  // '' is an escaped single quote
      } else {
        return true;
      }
    }
  }
  return false;
}

YamlNode convert(const YAML::Node& n, const std::string& text, const std::string& origin,
                 const std::string& path) {
  YamlNode out;
  out.place = place_of(n.Mark(), origin);
  switch (n.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      out.kind = YamlNode::Kind::null;
      break;
    case YAML::NodeType::Scalar: {
      out.kind = YamlNode::Kind::scalar;
      out.scalar = n.Scalar();
      out.quoted = n.Tag() != "?";
      const auto& m = n.Mark();
      if (out.quoted && m.line >= 0 && !quote_is_closed(text, offset_of(text, m.line, m.column)))
        throw ScenarioError(out.place, path, "a quote opened here is never closed");
      break;
    }
    case YAML::NodeType::Sequence: {
      out.kind = YamlNode::Kind::seq;
      std::size_t i = 0;
      for (const auto& item : n)
        out.seq.push_back(convert(item, text, origin, path + "[" + std::to_string(i++) + "]"));
      break;
    }
    case YAML::NodeType::Map: {
      out.kind = YamlNode::Kind::map;
      for (const auto& kv : n) {
        const SourcePlace kp = place_of(kv.first.Mark(), origin);
        if (!kv.first.IsScalar())
          throw ScenarioError(kp, path, "a key must be a plain name, not a list or a mapping");
        const std::string key = kv.first.Scalar();
        const std::string child = path.empty() ? key : path + "." + key;
        for (std::size_t j = 0; j < out.map.size(); ++j)
          if (out.map[j].first == key)
            throw ScenarioError(kp, child,
                                "duplicate key (first given at line " +
                                    std::to_string(out.key_places[j].line) + ")");
        out.key_places.push_back(kp);
        YamlNode value = convert(kv.second, text, origin, child);
        // A null value has no mark of its own in yaml-cpp; point at its key instead.
        if (value.kind == YamlNode::Kind::null || value.place.line == 0) value.place = kp;
        out.map.emplace_back(key, std::move(value));
      }
      break;
    }
  }
  return out;
}

// Rejects bytes that no hand-written scenario contains: NUL and other control characters.
void check_text(const std::string& text, const std::string& origin) {
  int line = 1;
  int column = 1;
  bool indent = true;  // still in the line's leading whitespace
  for (unsigned char c : text) {
    if (c == '\n') {
      ++line;
      column = 1;
      indent = true;
      continue;
    }
    // YAML forbids tabs in indentation; yaml-cpp reports them as an "illegal map value" elsewhere.
    if (c == '\t' && indent)
      throw ScenarioError({origin, line, column}, "",
                          "a tab in the indentation; YAML indents with spaces only");
    if (c != ' ') indent = false;
    if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7f)
      throw ScenarioError({origin, line, column}, "",
                          "not a text file: control byte 0x" +
                              std::string(1, "0123456789abcdef"[c >> 4]) +
                              std::string(1, "0123456789abcdef"[c & 15]));
    ++column;
  }
}

/// Walks a YAML text's parse events, without building anything, and throws ScenarioError if it
/// holds more than one document, an alias inside the node it names (`&p [a, *p]`: a cycle that
/// would recurse forever), or more than the limits allow once aliases are expanded: nested
/// "billion laughs" aliases stay small in the file and grow exponentially in the tree.
class ShapeCheck : public YAML::EventHandler {
 public:
  explicit ShapeCheck(std::string origin) : origin_(std::move(origin)) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      throw ScenarioError(place_of(mark, origin_), "",
                          "a second YAML document (after '---'); a scenario is one document: "
                          "remove the '---' line and what follows, or split the file");
  }
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor, 0); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    leaf(mark, anchor, value.size());
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    for (const Open& open : stack_)
      if (open.anchor == anchor)
        throw ScenarioError(place_of(mark, origin_), "",
                            "the alias *" + shown_name(anchor) +
                                " is inside the list or mapping it names (&" + shown_name(anchor) +
                                "): it would repeat itself forever");
    if (anchor == 0 || anchor > anchors_.size()) return;  // yaml-cpp reports unknown anchors
    add(mark, anchors_[anchor - 1].size);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  /// What a node expands to: values (itself and everything inside), bytes of scalar text, and
  /// height (0 for a scalar, 1 + the tallest child for a list or mapping).
  struct Size {
    std::uint64_t values = 0;
    std::uint64_t bytes = 0;
    std::size_t height = 0;
  };
  struct Open {
    YAML::anchor_t anchor;
    Size size;
  };
  struct Anchor {
    std::string name;
    Size size;
  };

  std::string shown_name(YAML::anchor_t anchor) const {
    return anchor >= 1 && anchor <= anchors_.size() ? anchors_[anchor - 1].name : "?";
  }
  // Anchors are numbered 1, 2, ... in the order they appear; the name comes just before.
  void name_anchor(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    if (anchors_.size() < anchor) anchors_.resize(anchor);
    anchors_[anchor - 1].name = pending_name_;
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t bytes) {
    name_anchor(anchor);
    const Size s{1, bytes, 0};
    if (anchor != 0) anchors_[anchor - 1].size = s;
    add(mark, s);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    name_anchor(anchor);
    if (stack_.size() + 1 > kMaxYamlDepth)
      throw ScenarioError(place_of(mark, origin_), "", too_deep());
    count(mark, Size{1, 0, 0});
    stack_.push_back({anchor, Size{1, 0, 0}});
  }
  void close() {
    if (stack_.empty()) return;
    const Open done = stack_.back();
    stack_.pop_back();
    if (done.anchor != 0 && done.anchor <= anchors_.size())
      anchors_[done.anchor - 1].size = done.size;
    if (!stack_.empty()) fold(done.size);
  }
  /// Adds a node of size s (already counted in its subtree) to the open parent.
  void fold(const Size& s) {
    Size& parent = stack_.back().size;
    parent.values += s.values;
    parent.bytes += s.bytes;
    parent.height = std::max(parent.height, s.height + 1);
  }
  /// Adds a whole node (a scalar or an alias's expansion) at the current place.
  void add(const YAML::Mark& mark, const Size& s) {
    if (stack_.size() + s.height > kMaxYamlDepth)
      throw ScenarioError(place_of(mark, origin_), "", too_deep());
    count(mark, s);
    if (!stack_.empty()) fold(s);
  }
  void count(const YAML::Mark& mark, const Size& s) {
    values_ += s.values;
    bytes_ += s.bytes;
    if (values_ > kMaxYamlValues)
      throw ScenarioError(place_of(mark, origin_), "",
                          "more than " + std::to_string(kMaxYamlValues) +
                              " values (counting each alias as the values it repeats); a "
                              "scenario holds at most that many");
    if (bytes_ > kMaxYamlTextBytes)
      throw ScenarioError(place_of(mark, origin_), "",
                          "more than " + std::to_string(kMaxYamlTextBytes >> 20) +
                              " MiB of text (counting each alias as the text it repeats); a "
                              "scenario holds at most that much");
  }
  static std::string too_deep() {
    return "nested too deeply: more than " + std::to_string(kMaxYamlDepth) +
           " levels of lists and mappings (counting what aliases repeat)";
  }

  std::string origin_;
  int documents_ = 0;
  std::string pending_name_;
  std::vector<Open> stack_;
  std::vector<Anchor> anchors_;
  std::uint64_t values_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace

const YamlNode* YamlNode::find(const std::string& key) const {
  for (const auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

YamlNode* YamlNode::find(const std::string& key) {
  for (auto& [k, v] : map)
    if (k == key) return &v;
  return nullptr;
}

YamlNode parse_yaml(const std::string& text, const std::string& origin) {
  check_text(text, origin);
  YAML::Node doc;
  try {
    // First the shape, streaming: documents, alias cycles and what aliases expand to.
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    ShapeCheck shape(origin);
    while (parser.HandleNextDocument(shape)) {
    }
    doc = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // yaml-cpp says "bad file" when its recursion guard stops a document nested too deep.
    const std::string why = e.msg == "bad file"
                                ? "nested too deeply (lists or mappings hundreds of levels deep)"
                                : e.msg;
    throw ScenarioError(place_of(e.mark, origin), "", "invalid YAML: " + why);
  }
  return convert(doc, text, origin, "");
}

void apply_override(YamlNode& root, const std::string& assignment) {
  const SourcePlace here{"--set " + assignment, 0, 0};
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) throw ScenarioError(here, "", "expected key.path=value");
  std::string path = assignment.substr(0, eq);
  const std::string value_text = assignment.substr(eq + 1);
  // brands[0].name is the same as brands.0.name
  for (char& c : path)
    if (c == '[') c = '.';
  std::string clean;
  for (char c : path)
    if (c != ']') clean += c;

  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const auto dot = clean.find('.', start);
    parts.push_back(clean.substr(start, dot - start));
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  YamlNode* node = &root;
  std::string walked;
  auto is_index = [](const std::string& part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return std::isdigit(static_cast<unsigned char>(c)) != 0;
    });
  };
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::string& part = parts[k];
    if (part.empty()) throw ScenarioError(here, clean, "empty part in the key path");
    walked += (walked.empty() ? "" : ".") + part;
    if (node->kind == YamlNode::Kind::null) node->kind = YamlNode::Kind::map;
    if (node->kind == YamlNode::Kind::seq) {
      std::size_t idx = 0;
      for (char c : part) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
          throw ScenarioError(here, walked, "this is a list: index it by number (0, 1, ...)");
        idx = idx * 10 + static_cast<std::size_t>(c - '0');
      }
      if (idx >= node->seq.size())
        throw ScenarioError(
            here, walked,
            "index out of range: the list has " + std::to_string(node->seq.size()) + " items");
      node = &node->seq[idx];
    } else if (node->kind == YamlNode::Kind::map) {
      YamlNode* next = node->find(part);
      if (next == nullptr) {
        // An index into an absent list (brands[0] of a scenario without brands) has nothing to
        // set: creating the list would make a mapping of it.
        if (k + 1 < parts.size() && is_index(parts[k + 1]))
          throw ScenarioError(here, walked + "." + parts[k + 1],
                              "index out of range: the scenario has no '" + walked + "' list");
        node->map.emplace_back(part, YamlNode{});
        node->key_places.push_back(here);
        next = &node->map.back().second;
        next->place = here;
      }
      node = next;
    } else {
      throw ScenarioError(here, walked, "cannot set a key inside a single value");
    }
  }
  YamlNode value = parse_yaml(value_text.empty() ? "~" : value_text, here.origin);
  // Every place inside an override is the override itself, not a line of the value's text.
  auto relabel = [&](auto&& self, YamlNode& n) -> void {
    n.place = here;
    for (auto& p : n.key_places) p = here;
    for (auto& [k, v] : n.map) self(self, v);
    for (auto& v : n.seq) self(self, v);
  };
  relabel(relabel, value);
  *node = std::move(value);
}

}  // namespace snsim::detail
