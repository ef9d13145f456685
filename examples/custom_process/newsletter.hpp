#pragma once
// A process and a strategy defined outside snsim (docs/library.md):
//   - "newsletter": each step, every brand mails its customers and advocates; each opens it with
//     probability kOpenRate, which is one touch of the brand's `post` channel (so the funnel may
//     turn it into a visit and a repeat purchase); each mail costs kCostPerMail USD. Records
//     `newsletter_opens` per brand and step.
//   - "ramp": the brand's mix every step, with money and hours rising linearly from 1/steps of
//     its budget at step 0 to the whole budget at the last step.
#include <snsim/core/process_registry.hpp>
#include <snsim/economics/strategy.hpp>

namespace example {

/// Registers "newsletter" and "ramp", as snsim's subsystems register theirs.
void register_newsletter(snsim::ProcessRegistry& processes, snsim::StrategyRegistry& strategies);

}  // namespace example
