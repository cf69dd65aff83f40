// The browser's write side against a real stellmap-devd: a hard drain is
// confirmed by the stream and warned about when the agent brings the instance
// back; a soft drain survives heartbeats and undrains; keep-alive renews until
// the registry forgets the instance; a read-only profile sends nothing.
#include "deregisterrequest.h"
#include "heartbeatrequest.h"
#include "liveworkspace.h"
#include "operations.h"
#include "queryreply.h"
#include "stellmapclient.h"
#include "workspace.h"
#include "writereply.h"

#include <QSignalSpy>
#include <QTest>

using namespace stellmap;

Q_DECLARE_METATYPE(Operations::Result)

namespace {

using Fixture = LiveWorkspace;
const QString kNamespace = LiveWorkspace::namespaceName();
const QString kService = LiveWorkspace::service();

RegisterRequest instanceRequest(const QString &id)
{
    return LiveWorkspace::instanceRequest(id);
}

InstanceRef refOf(const QString &id)
{
    return LiveWorkspace::refOf(id);
}

bool finishedOk(StellMapReply *reply)
{
    return LiveWorkspace::finishedOk(reply);
}

} // namespace

class TstOperations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<Operations::Result>(); }
    void hardDrainIsConfirmedByTheStream();
    void drainThatDoesNotStickIsWarned();
    void comebackAfterTheWindowIsNotWarned();
    void comebackWhileTheStreamWasDownIsWarned();
    void writesInFlightAreRecordedWhenClosed();
    void softDrainSurvivesHeartbeatsAndUndrains();
    void keepAliveRenewsUntilNotFound();
    void readOnlyProfileSendsNothing();
};

void TstOperations::hardDrainIsConfirmedByTheStream()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.agentRegisters(instanceRequest(QStringLiteral("a-1"))));
    QVERIFY(f.agentRegisters(instanceRequest(QStringLiteral("a-2"))));
    QTRY_VERIFY(f.shown(QStringLiteral("a-1")) && f.shown(QStringLiteral("a-2")));

    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    f.operations->drain({refOf(QStringLiteral("a-1"))});
    // Marked at once, before any answer: the row says what is happening.
    QCOMPARE(f.operations->drainState(refOf(QStringLiteral("a-1"))),
             Operations::DrainState::Draining);
    QCOMPARE(f.operations->note(refOf(QStringLiteral("a-1"))), QStringLiteral("draining"));

    QTRY_COMPARE(f.operations->drainState(refOf(QStringLiteral("a-1"))),
                 Operations::DrainState::Drained);
    QVERIFY(!f.shown(QStringLiteral("a-1")));
    QVERIFY(f.shown(QStringLiteral("a-2"))); // exactly what was chosen, nothing else
    QTRY_COMPARE(recorded.size(), 1);
    const auto result = recorded.first().first().value<Operations::Result>();
    QCOMPARE(result.action, QStringLiteral("deregister"));
    QCOMPARE(result.code, QStringLiteral("ok"));
    QCOMPARE(result.ref, refOf(QStringLiteral("a-1")));
    QCOMPARE(result.server, f.devd.url().toString());
    QCOMPARE(f.operations->note(refOf(QStringLiteral("a-1"))), QString());
}

void TstOperations::drainThatDoesNotStickIsWarned()
{
    Fixture f;
    QVERIFY(f.start());
    const RegisterRequest request = instanceRequest(QStringLiteral("b-1"));
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("b-1")));

    QSignalSpy warned(f.operations.get(), &Operations::drainDidNotStick);
    f.operations->drain({refOf(QStringLiteral("b-1"))});
    QTRY_COMPARE(f.operations->drainState(refOf(QStringLiteral("b-1"))),
                 Operations::DrainState::Drained);
    QCOMPARE(warned.size(), 0);

    // Its agent got 404 on a heartbeat and registered it again.
    QVERIFY(f.agentRegisters(request));
    QTRY_COMPARE(warned.size(), 1);
    QCOMPARE(warned.first().first().value<InstanceRef>(), refOf(QStringLiteral("b-1")));
    QCOMPARE(f.operations->drainState(refOf(QStringLiteral("b-1"))),
             Operations::DrainState::Returned);
    QVERIFY(f.operations->note(refOf(QStringLiteral("b-1")))
                .contains(QLatin1String("drain did not stick: re-registered")));

    // The soft drain offered instead keeps it registered, labelled, and clears the warning.
    f.operations->softDrain({refOf(QStringLiteral("b-1"))});
    QCOMPARE(f.operations->drainState(refOf(QStringLiteral("b-1"))), Operations::DrainState::None);
    QTRY_COMPARE(f.shown(QStringLiteral("b-1"))->labels.value(QStringLiteral("drain")),
                 QStringLiteral("true"));
}

void TstOperations::comebackAfterTheWindowIsNotWarned()
{
    Fixture f;
    QVERIFY(f.start());
    f.operations->setReRegisterWindowMs(200);
    const RegisterRequest request = instanceRequest(QStringLiteral("c-1"));
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("c-1")));
    QSignalSpy warned(f.operations.get(), &Operations::drainDidNotStick);
    f.operations->drain({refOf(QStringLiteral("c-1"))});
    QTRY_COMPARE(f.operations->drainState(refOf(QStringLiteral("c-1"))),
                 Operations::DrainState::Drained);
    // The watch ends on its own once the window has passed.
    QTRY_COMPARE(f.operations->drainState(refOf(QStringLiteral("c-1"))),
                 Operations::DrainState::None);
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("c-1")));
    QCOMPARE(warned.size(), 0);
}

void TstOperations::comebackWhileTheStreamWasDownIsWarned()
{
    Fixture f;
    QVERIFY(f.start());
    const RegisterRequest request = instanceRequest(QStringLiteral("g-1"));
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("g-1")));
    WatchSession *session = f.workspace->session(kNamespace);
    const quint64 seen = session->revision();
    session->stop(); // a network blip: the delete and the comeback arrive together later

    QSignalSpy warned(f.operations.get(), &Operations::drainDidNotStick);
    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    f.operations->drain({refOf(QStringLiteral("g-1"))});
    QTRY_COMPARE(recorded.size(), 1);
    QCOMPARE(f.operations->drainState(refOf(QStringLiteral("g-1"))),
             Operations::DrainState::Draining);
    QVERIFY(f.agentRegisters(request));
    session->start(seen);
    QTRY_COMPARE(warned.size(), 1);
    QCOMPARE(f.operations->drainState(refOf(QStringLiteral("g-1"))),
             Operations::DrainState::Returned);
}

void TstOperations::writesInFlightAreRecordedWhenClosed()
{
    Fixture f;
    QVERIFY(f.start());
    QVERIFY(f.agentRegisters(instanceRequest(QStringLiteral("h-1"))));
    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    f.operations->drain({refOf(QStringLiteral("h-1"))});
    QCOMPARE(recorded.size(), 0);
    f.operations.reset(); // the window closes before the answer
    QCOMPARE(recorded.size(), 1);
    const auto result = recorded.first().first().value<Operations::Result>();
    QCOMPARE(result.action, QStringLiteral("deregister"));
    QCOMPARE(result.code, QStringLiteral("aborted"));
    QVERIFY(result.maybeApplied);
}

void TstOperations::softDrainSurvivesHeartbeatsAndUndrains()
{
    Fixture f;
    QVERIFY(f.start());
    const RegisterRequest request = instanceRequest(QStringLiteral("d-1"));
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("d-1")));
    const Instance before = *f.shown(QStringLiteral("d-1"));

    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    f.operations->softDrain({refOf(QStringLiteral("d-1"))});
    QTRY_COMPARE(f.shown(QStringLiteral("d-1"))->labels.value(QStringLiteral("drain")),
                 QStringLiteral("true"));
    const Instance drained = *f.shown(QStringLiteral("d-1"));
    // Only the label changed: zone, metadata, endpoints and the TTL are kept.
    QCOMPARE(drained.labels.value(QStringLiteral("color")), QStringLiteral("gray"));
    QCOMPARE(drained.zone, before.zone);
    QCOMPARE(drained.metadata, before.metadata);
    QCOMPARE(drained.endpoints, before.endpoints);
    QCOMPARE(drained.leaseTtlSeconds, before.leaseTtlSeconds);

    // The agent's heartbeat does not touch labels.
    HeartbeatRequest beat;
    beat.key = request.key;
    QVERIFY(finishedOk(f.workspace->client()->heartbeat(beat)));
    QueryFilter filter;
    filter.namespaceName = kNamespace;
    filter.services = {kService};
    QueryReply *query = f.workspace->client()->query(filter);
    QVERIFY(finishedOk(query));
    QCOMPARE(query->instances().size(), 1);
    QCOMPARE(query->instances().first().labels.value(QStringLiteral("drain")),
             QStringLiteral("true"));

    f.operations->undrain({refOf(QStringLiteral("d-1"))});
    QTRY_VERIFY(!f.shown(QStringLiteral("d-1"))->labels.contains(QStringLiteral("drain")));
    QCOMPARE(f.shown(QStringLiteral("d-1"))->labels, before.labels);

    // The answer to the undrain may come after the stream showed its effect.
    QTRY_COMPARE(recorded.size(), 2);
    // Undraining what is not drained is said at once, not sent.
    f.operations->undrain({refOf(QStringLiteral("d-1"))});
    QCOMPARE(recorded.size(), 3);
    const auto last = recorded.last().first().value<Operations::Result>();
    QCOMPARE(last.code, QStringLiteral("unchanged"));
    QCOMPARE(recorded.at(0).first().value<Operations::Result>().action,
             QStringLiteral("soft-drain"));
    QCOMPARE(recorded.at(1).first().value<Operations::Result>().action, QStringLiteral("undrain"));
}

void TstOperations::keepAliveRenewsUntilNotFound()
{
    Fixture f;
    QVERIFY(f.start());
    const RegisterRequest request = instanceRequest(QStringLiteral("e-1"));
    QVERIFY(f.agentRegisters(request));
    QTRY_VERIFY(f.shown(QStringLiteral("e-1")));

    f.operations->setKeepAliveIntervalMs(50);
    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    QSignalSpy stopped(f.operations.get(), &Operations::keepAliveStopped);
    f.operations->setKeepAlive(refOf(QStringLiteral("e-1")), true);
    QVERIFY(f.operations->isKeptAlive(refOf(QStringLiteral("e-1"))));
    QCOMPARE(f.operations->note(refOf(QStringLiteral("e-1"))), QStringLiteral("kept alive"));
    QTRY_VERIFY(recorded.size() >= 3);
    for (const QList<QVariant> &args : std::as_const(recorded)) {
        const auto result = args.first().value<Operations::Result>();
        QCOMPARE(result.action, QStringLiteral("keep-alive"));
        QCOMPARE(result.code, QStringLiteral("ok"));
    }

    // Someone else removes it: the next renewal gets not_found and stops.
    DeregisterRequest gone;
    gone.key = request.key;
    QVERIFY(finishedOk(f.workspace->client()->deregisterInstance(gone)));
    QTRY_COMPARE(stopped.size(), 1);
    QVERIFY(stopped.first().at(1).toString().contains(QLatin1String("not_found")));
    QVERIFY(!f.operations->isKeptAlive(refOf(QStringLiteral("e-1"))));
    QCOMPARE(f.operations->note(refOf(QStringLiteral("e-1"))), QString());
}

void TstOperations::readOnlyProfileSendsNothing()
{
    Fixture f;
    QVERIFY(f.start(true));
    QVERIFY(f.agentRegisters(instanceRequest(QStringLiteral("f-1"))));
    QTRY_VERIFY(f.shown(QStringLiteral("f-1")));

    QSignalSpy recorded(f.operations.get(), &Operations::recorded);
    const InstanceRef ref = refOf(QStringLiteral("f-1"));
    QCOMPARE(f.operations->registerInstance(instanceRequest(QStringLiteral("f-2"))), nullptr);
    f.operations->drain({ref});
    f.operations->softDrain({ref});
    f.operations->heartbeat({ref});
    f.operations->setKeepAlive(ref, true);
    QCOMPARE(recorded.size(), 5); // refused at once, each said
    for (const QList<QVariant> &args : std::as_const(recorded)) {
        const auto result = args.first().value<Operations::Result>();
        QCOMPARE(result.code, QStringLiteral("read_only"));
        QVERIFY(result.message.contains(QLatin1String("nothing was sent")));
    }
    QVERIFY(!f.operations->isKeptAlive(ref));
    QCOMPARE(f.operations->drainState(ref), Operations::DrainState::None);

    // The server saw none of it.
    QueryFilter filter;
    filter.namespaceName = kNamespace;
    QueryReply *query = f.workspace->client()->query(filter);
    QVERIFY(finishedOk(query));
    QCOMPARE(query->instances().size(), 1);
    QCOMPARE(query->instances().first().key.instanceId, QStringLiteral("f-1"));
    QVERIFY(!query->instances().first().labels.contains(QStringLiteral("drain")));
}

QTEST_MAIN(TstOperations)
#include "tst_operations.moc"
