#include "TransferError.h"

namespace quarry {

TransferError::TransferError(QString message)
    : m_message(std::move(message)), m_what(m_message.toUtf8())
{ }

} // namespace quarry
