#include "Error.h"

namespace orm {

Error::Error(QString message, QString sql, QSqlError sqlError)
    : m_message(std::move(message)), m_sql(std::move(sql)), m_sqlError(std::move(sqlError)),
      m_what(m_message.toUtf8())
{ }

} // namespace orm
