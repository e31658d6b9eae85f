#include "LaneLease.h"

namespace orm {

LaneLease::LaneLease(std::shared_ptr<LaneBook> book, Lane *lane)
    : m_state(std::make_shared<State>(std::move(book), lane))
{ }

LaneLease::State::~State()
{
    const std::lock_guard locker(book->mutex);
    if (book->closed)
        return;
    // Reset on return: the lane is free again only after an abandoned transaction is rolled back.
    lane->post([book = book, lane = lane] {
        lane->resetForReuse();
        const std::lock_guard locker(book->mutex);
        book->free.append(lane);
        book->freed.notify_one();
    });
}

} // namespace orm
