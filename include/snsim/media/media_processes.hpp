#pragma once
// The media subsystem's processes: broadcast and social_media.
namespace snsim {

class ProcessRegistry;

/// Registers the media processes by name (called by register_builtin, snsim/builtin.hpp).
void register_media_processes(ProcessRegistry& registry);

}  // namespace snsim
