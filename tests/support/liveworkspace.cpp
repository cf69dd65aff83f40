#include "liveworkspace.h"

#include "stellmapclient.h"
#include "writereply.h"

#include <QSignalSpy>
#include <QTest>

using namespace stellmap;

RegisterRequest LiveWorkspace::instanceRequest(const QString &id, const QString &color)
{
    RegisterRequest request;
    request.key.namespaceName = namespaceName();
    request.key.service = ServiceName::fromService(service());
    request.key.instanceId = id;
    request.zone = QStringLiteral("az1");
    request.labels = {{QStringLiteral("color"), color}};
    request.metadata = {{QStringLiteral("build_sha"), QStringLiteral("abc123")}};
    request.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                                  QStringLiteral("10.0.0.2"), 8080, QStringLiteral("/"), 100}};
    request.leaseTtlSeconds = 600;
    return request;
}

InstanceRef LiveWorkspace::refOf(const QString &id)
{
    return {namespaceName(), service(), id};
}

bool LiveWorkspace::finishedOk(StellMapReply *reply)
{
    QSignalSpy spy(reply, &StellMapReply::finished);
    return (reply->isFinished() || spy.wait(10000)) && reply->error() == ClientError::NoError;
}

bool LiveWorkspace::prepare(bool readOnly, bool production)
{
    if (!devd.start()) {
        qWarning() << devd.errorText();
        return false;
    }
    ClientOptions options;
    options.servers = {devd.url()};
    workspace = std::make_unique<Workspace>(options, QStringList{namespaceName()});
    profile.name = QStringLiteral("test");
    profile.servers = {devd.url().toString()};
    profile.namespaces = {namespaceName()};
    profile.readOnly = readOnly;
    profile.production = production;
    operations = std::make_unique<Operations>(workspace.get(), profile);
    return true;
}

bool LiveWorkspace::goLive()
{
    workspace->start();
    return QTest::qWaitFor([this] {
        return workspace->session(namespaceName())->state() == WatchSession::State::Live;
    });
}

bool LiveWorkspace::agentRegisters(const RegisterRequest &request)
{
    return finishedOk(workspace->client()->registerInstance(request));
}

std::optional<Instance> LiveWorkspace::shown(const QString &id) const
{
    const InstanceRecord record = workspace->directory()->find(refOf(id));
    return record ? std::optional<Instance>(record.toInstance()) : std::nullopt;
}
