#include "snsim/core/recorder.hpp"

#include <stdexcept>

namespace snsim {

const MetricSeries* RunSeries::find(const std::string& name) const {
  for (const auto& m : metrics)
    if (m.name == name) return &m;
  return nullptr;
}

double RunSeries::at(const std::string& name, Step step, BrandId brand) const {
  const MetricSeries* m = find(name);
  if (m == nullptr) throw std::out_of_range("no metric named '" + name + "'");
  return m->per_brand ? m->values.at(static_cast<std::size_t>(step) * brands.size() + brand)
                      : m->values.at(step);
}

Recorder::Recorder(Step steps, std::vector<std::string> brands) {
  series_.steps = steps;
  series_.brands = std::move(brands);
}

MetricId Recorder::define(std::string name, std::string unit, std::string description,
                          bool per_brand) {
  if (series_.find(name) != nullptr) throw std::logic_error("metric defined twice: " + name);
  for (const char* cf_time : {"days", "hours", "minutes", "seconds", "milliseconds", "microseconds",
                              "nanoseconds", "day", "hour", "minute", "second", "d", "h", "s"})
    if (unit == cf_time)
      throw std::logic_error("metric " + name + ": unit '" + unit +
                             "' is a CF time unit that xarray decodes as a time span");
  MetricSeries m{std::move(name), std::move(unit), std::move(description), per_brand, {}};
  m.values.assign(static_cast<std::size_t>(series_.steps) * (per_brand ? series_.brands.size() : 1),
                  0.0);
  series_.metrics.push_back(std::move(m));
  return static_cast<MetricId>(series_.metrics.size() - 1);
}

void Recorder::state_fields(StateArchive& a) {
  std::uint64_t count = series_.metrics.size();
  a(count);
  if (a.loading() && count != series_.metrics.size())
    StateArchive::mismatch("recorder: " + std::to_string(count) + " metrics in the checkpoint, " +
                           std::to_string(series_.metrics.size()) + " defined");
  for (MetricSeries& m : series_.metrics) {
    std::string name = m.name;
    std::uint64_t size = m.values.size();
    a(name, size);
    if (a.loading() && (name != m.name || size != m.values.size()))
      StateArchive::mismatch("recorder: metric " + name + " where " + m.name + " was expected");
    a(m.values);
  }
}

void Recorder::set_ids(std::string name, std::vector<std::uint64_t> ids) {
  for (IdList& l : series_.id_lists)
    if (l.name == name) {
      l.ids = std::move(ids);
      return;
    }
  series_.id_lists.push_back(IdList{std::move(name), std::move(ids)});
}

MetricId Recorder::define_or_find(std::string name, std::string unit, std::string description,
                                  bool per_brand) {
  for (std::size_t i = 0; i < series_.metrics.size(); ++i)
    if (series_.metrics[i].name == name) {
      if (series_.metrics[i].per_brand != per_brand)
        throw std::logic_error("metric defined with two shapes: " + name);
      return static_cast<MetricId>(i);
    }
  return define(std::move(name), std::move(unit), std::move(description), per_brand);
}

}  // namespace snsim
