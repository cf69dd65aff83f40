// Endpoint's command-line form: what `stellmap-cli register --endpoint` reads
// and what "copy as a register command" writes.
#include "endpoint.h"

#include <QTest>

using namespace stellmap;

class TstEndpoint : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromSpec_data();
    void fromSpec();
    void badSpec_data();
    void badSpec();
};

void TstEndpoint::fromSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<Endpoint>("expected");
    QTest::addColumn<QString>("written");
    const auto e = [](const char *name, const char *protocol, const char *host, int port,
                      const char *path, int weight) {
        return Endpoint{QString::fromUtf8(name), QString::fromUtf8(protocol),
                        QString::fromUtf8(host), port,
                        QString::fromUtf8(path), weight};
    };
    QTest::newRow("plain") << "http://10.0.0.2:8080" << e("", "http", "10.0.0.2", 8080, "", 0)
                           << "http://10.0.0.2:8080";
    QTest::newRow("named, weighted")
        << "grpc=grpc://10.0.0.2:9090?weight=50" << e("grpc", "grpc", "10.0.0.2", 9090, "", 50)
        << "grpc://10.0.0.2:9090?weight=50";
    QTest::newRow("other name, path")
        << "metrics=http://h:9100/metrics" << e("metrics", "http", "h", 9100, "/metrics", 0)
        << "metrics=http://h:9100/metrics";
    QTest::newRow("IPv6") << "http://[fe80::1]:80/x?weight=100"
                          << e("", "http", "fe80::1", 80, "/x", 100) << "http://[fe80::1]:80/x";
    QTest::newRow("path with ? and %")
        << "web=http://h:80/a%3Fb%25c" << e("web", "http", "h", 80, "/a?b%c", 0)
        << "web=http://h:80/a%3Fb%25c";
    QTest::newRow("port out of range is the server's to refuse")
        << "tcp://h:70000" << e("", "tcp", "h", 70000, "", 0) << "tcp://h:70000";
    QTest::newRow("negative weight is the server's to refuse")
        << "tcp://h:1?weight=-1" << e("", "tcp", "h", 1, "", -1) << "tcp://h:1?weight=-1";
}

void TstEndpoint::fromSpec()
{
    QFETCH(QString, spec);
    QFETCH(Endpoint, expected);
    QFETCH(QString, written);
    ValidationError error;
    const Endpoint endpoint = Endpoint::fromSpec(spec, &error);
    QCOMPARE(error.toString(), QString());
    QCOMPARE(endpoint, expected);
    QCOMPARE(endpoint.toSpec(), written);
    QCOMPARE(Endpoint::fromSpec(written, &error).toSpec(), written);
}

void TstEndpoint::badSpec_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("why");
    QTest::newRow("no scheme") << "10.0.0.2:8080"
                               << "\"://\" is missing";
    QTest::newRow("no protocol") << "grpc=://h:1"
                                 << "the protocol is missing";
    QTest::newRow("no port") << "http://h"
                             << "the port is missing";
    QTest::newRow("port text") << "http://h:http"
                               << "port \"http\" is not a number";
    QTest::newRow("signed port") << "http://h:+80"
                                 << "port \"+80\" is not a number";
    QTest::newRow("IPv6 without port") << "http://[::1]"
                                       << "an IPv6 host needs [brackets] and a port";
    QTest::newRow("junk after IPv6") << "http://[::1]x:80"
                                     << "an IPv6 host needs [brackets] and a port";
    QTest::newRow("other option") << "http://h:1?w=1"
                                  << "the only option is ?weight=N";
    QTest::newRow("weight text") << "http://h:1?weight=x"
                                 << "weight \"x\" is not a whole number";
}

void TstEndpoint::badSpec()
{
    QFETCH(QString, spec);
    QFETCH(QString, why);
    ValidationError error;
    Endpoint::fromSpec(spec, &error, QStringLiteral("endpoint"));
    QCOMPARE(error.field, QStringLiteral("endpoint"));
    QCOMPARE(error.message,
             QStringLiteral("\"%1\" is not [name=]protocol://host:port[/path][?weight=N]: %2")
                 .arg(spec, why));
}

QTEST_GUILESS_MAIN(TstEndpoint)
#include "tst_endpoint.moc"
