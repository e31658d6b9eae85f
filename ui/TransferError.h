// Why an export or an import could not be done, in a sentence for people (in their language):
// a file that cannot be read or written, or (ImportError) a problem in the file's contents.
// Database errors stay orm::Error; the two families together are everything DataTransfer raises.
// A QException, so it crosses a QFuture intact.
#pragma once

#include <QException>
#include <QString>

namespace quarry {

class TransferError : public QException
{
public:
    explicit TransferError(QString message);

    QString message() const { return m_message; }

    const char *what() const noexcept override { return m_what.constData(); }
    void raise() const override { throw *this; }
    TransferError *clone() const override { return new TransferError(*this); }

private:
    QString m_message;
    QByteArray m_what;
};

} // namespace quarry
