#include "stellmapreply.h"

#include "apienvelope.h"
#include "requestjob.h"

namespace stellmap {

StellMapReply::StellMapReply(QObject *parent)
    : QObject(parent)
{}

StellMapReply::~StellMapReply() = default;

bool StellMapReply::readData(const ApiEnvelope &, QString *)
{
    return true;
}

void StellMapReply::abort()
{
    if (m_job) {
        m_job->abort(QStringLiteral("the request was aborted"));
    }
}

void StellMapReply::fail(ClientError error, const QString &code, const QString &errorString)
{
    m_error = error;
    m_code = code;
    m_errorString = errorString;
    complete();
}

void StellMapReply::complete()
{
    m_finished = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_emitted) {
                m_emitted = true;
                Q_EMIT finished();
            }
        },
        Qt::QueuedConnection);
}

} // namespace stellmap
