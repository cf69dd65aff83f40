#include "stellmapclient.h"

#include "deregisterrequest.h"
#include "heartbeatrequest.h"
#include "queryfilter.h"
#include "registerrequest.h"
#include "requestjob.h"

#include <QNetworkAccessManager>
#include <QSslCertificate>

namespace stellmap {

StellMapClient::StellMapClient(const ClientOptions &options, QNetworkAccessManager *network,
                               QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_optionsError(options.validate())
    , m_network(network)
    , m_sslConfiguration(m_optionsError ? QSslConfiguration() : options.sslConfiguration())
{}

StellMapClient::~StellMapClient()
{
    // Every reply ends exactly once: pending ones now, finished ones not yet signalled too.
    const auto pending = m_pending;
    for (const QPointer<StellMapReply> &reply : pending) {
        if (!reply) {
            continue;
        }
        if (reply->m_job) {
            reply->m_job->abort(QStringLiteral("the client was destroyed"));
        } else if (!reply->m_emitted) {
            reply->m_emitted = true;
            Q_EMIT reply->finished();
        }
    }
}

template<typename Reply>
Reply *StellMapClient::newReply()
{
    auto *reply = new Reply(this);
    // Only replies whose finished() is still to come need the destructor's care.
    m_pending.removeIf([](const QPointer<StellMapReply> &r) { return r.isNull() || r->m_emitted; });
    m_pending.append(reply);
    return reply;
}

void StellMapClient::startJob(StellMapReply *reply, int kind, const QByteArray &method,
                              const QString &path, const QByteArray &query, const QByteArray &body,
                              int serverIndex)
{
    if (m_optionsError) {
        reply->m_field = m_optionsError.field;
        reply->fail(ClientError::Validation, QStringLiteral("validation"),
                    m_optionsError.toString());
        return;
    }
    RequestJob::Request request;
    request.kind = RequestJob::Kind(kind);
    request.method = method;
    request.path = path;
    request.query = query;
    request.body = body;
    request.serverIndex = serverIndex;
    auto *job = new RequestJob(this, reply, request);
    reply->m_job = job;
    // Starting from the event loop keeps finished() out of the caller's frame.
    QMetaObject::invokeMethod(job, &RequestJob::start, Qt::QueuedConnection);
}

bool StellMapClient::refuse(StellMapReply *reply, const ValidationError &error)
{
    if (!error) {
        return false;
    }
    reply->m_field = error.field;
    reply->fail(ClientError::Validation, QStringLiteral("validation"), error.toString());
    return true;
}

WriteReply *StellMapClient::registerInstance(RegisterRequest request)
{
    auto *reply = newReply<WriteReply>();
    if (!refuse(reply, request.normalize())) {
        startJob(reply, int(RequestJob::Kind::Write), "POST",
                 QStringLiteral("/api/v1/registry/register"), {}, request.toJson());
    }
    return reply;
}

WriteReply *StellMapClient::deregisterInstance(DeregisterRequest request)
{
    auto *reply = newReply<WriteReply>();
    if (!refuse(reply, request.normalize())) {
        startJob(reply, int(RequestJob::Kind::Write), "POST",
                 QStringLiteral("/api/v1/registry/deregister"), {}, request.toJson());
    }
    return reply;
}

WriteReply *StellMapClient::heartbeat(HeartbeatRequest request)
{
    auto *reply = newReply<WriteReply>();
    if (!refuse(reply, request.normalize())) {
        startJob(reply, int(RequestJob::Kind::Heartbeat), "POST",
                 QStringLiteral("/api/v1/registry/heartbeat"), {}, request.toJson());
    }
    return reply;
}

QueryReply *StellMapClient::query(const QueryFilter &filter)
{
    auto *reply = newReply<QueryReply>();
    ValidationError error;
    filter.resolve(&error);
    if (!refuse(reply, error)) {
        startJob(reply, int(RequestJob::Kind::Read), "GET",
                 QStringLiteral("/api/v1/registry/instances"), filter.toUrlQuery(), {});
    }
    return reply;
}

HealthReply *StellMapClient::health(int serverIndex)
{
    auto *reply = newReply<HealthReply>();
    if (serverIndex < 0 || serverIndex >= m_options.servers.size()) {
        refuse(reply, {QStringLiteral("server"),
                       QStringLiteral("no configured server number %1").arg(serverIndex)});
        return reply;
    }
    startJob(reply, int(RequestJob::Kind::SingleServer), "GET", QStringLiteral("/healthz"), {}, {},
             serverIndex);
    return reply;
}

QUrl StellMapClient::preferredReadServer() const
{
    return m_options.servers.value(m_preferredRead);
}

void StellMapClient::noteAnswer(bool read, const QUrl &server, const QDateTime &serverDate,
                                bool accepted)
{
    if (serverDate.isValid()) {
        m_clockOffsetMs = QDateTime::currentDateTimeUtc().msecsTo(serverDate);
    }
    if (!accepted) {
        return;
    }
    if (read) {
        const qsizetype index = m_options.servers.indexOf(server);
        if (index >= 0) {
            m_preferredRead = int(index);
        }
    } else {
        m_leader = server;
    }
}

} // namespace stellmap
