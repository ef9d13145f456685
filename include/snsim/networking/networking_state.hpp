#pragma once
// NetworkingState: the social-networking part of the world (brand relationships, conversation
// queues, groups joined, person-to-person tie overlay). Owned by the networking processes
// (MODEL.md section 4, steps 5-7); empty until they fill it in their prepare().
namespace snsim {

struct NetworkingState {};

}  // namespace snsim
