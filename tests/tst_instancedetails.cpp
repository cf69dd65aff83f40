// InstanceDetails: the detail pane shows an instance's labels, metadata,
// endpoints, lease (by the server's clock) and raw JSON, copies what is
// selected, and compares a service's instances with the odd ones highlighted.
#include "instancedetails.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QSet>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTest>

using namespace stellmap;

namespace {

StringMap stringMap(const char *spaced)
{
    StringMap map;
    const QStringList pairs = QString::fromUtf8(spaced).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &pair : pairs) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        map.insert(pair.left(eq), pair.mid(eq + 1));
    }
    return map;
}

Instance instance(const char *id, const char *labels = "app=checkout")
{
    Instance i;
    i.key.namespaceName = QStringLiteral("prod");
    i.key.service = ServiceName::fromService(QStringLiteral("acme.payments.checkout.api.server"));
    i.key.normalize();
    i.key.instanceId = QString::fromUtf8(id);
    i.zone = QStringLiteral("az1");
    i.labels = stringMap(labels);
    i.metadata = stringMap("build=1234 owner=team-pay");
    i.endpoints = {Endpoint{QStringLiteral("http"), QStringLiteral("http"),
                            QStringLiteral("10.0.0.2"), 8080, QStringLiteral("/api"), 100}};
    i.leaseTtlSeconds = 30;
    i.registeredAtUnix = QDateTime::currentSecsSinceEpoch() - 600;
    i.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch();
    return i;
}

// The table's rows as "cell|cell|..." lines, as the user reads them.
QStringList rowsOf(const QTableWidget *table)
{
    QStringList rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < table->columnCount(); ++column) {
            cells.append(table->item(row, column) ? table->item(row, column)->text() : QString());
        }
        rows.append(cells.join(QLatin1Char('|')));
    }
    return rows;
}

int columnNamed(const QTableWidget *table, const QString &name)
{
    for (int column = 0; column < table->columnCount(); ++column) {
        if (table->horizontalHeaderItem(column)->text() == name) {
            return column;
        }
    }
    return -1;
}

QAction *actionNamed(const QWidget *widget, const QString &text)
{
    const QList<QAction *> actions = widget->actions();
    for (QAction *action : actions) {
        if (action->text() == text) {
            return action;
        }
    }
    return nullptr;
}

template<typename T>
T *child(const InstanceDetails &details, const char *name)
{
    return details.findChild<T *>(QString::fromLatin1(name));
}

} // namespace

class TstInstanceDetails : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyHint();
    void header();
    void labelsSortedByKey_data();
    void labelsSortedByKey();
    void endpointUrl_data();
    void endpointUrl();
    void lease_data();
    void lease();
    void clockOffsetShiftsShownLease();
    void rawJsonRoundTrips();
    void copy_data();
    void copy();
    void copyShortcut();
    void updateKeepsSelection();
    void serviceHighlightsDifferences_data();
    void serviceHighlightsDifferences();
};

void TstInstanceDetails::emptyHint()
{
    InstanceDetails details;
    auto *stack = details.findChild<QStackedWidget *>();
    const auto *hint = child<QLabel>(details, "hintLabel");
    QVERIFY(stack->currentWidget()->isAncestorOf(hint));
    QVERIFY(hint->text().startsWith(QLatin1String("Select an instance")));
    details.showInstance(instance("a"), 7);
    QVERIFY(!stack->currentWidget()->isAncestorOf(hint));
    details.clear();
    QVERIFY(stack->currentWidget()->isAncestorOf(hint));
}

void TstInstanceDetails::header()
{
    InstanceDetails details;
    details.showInstance(instance("checkout-7f9c"), 42);
    QCOMPARE(child<QLabel>(details, "instanceIdLabel")->text(), QStringLiteral("checkout-7f9c"));
    QVERIFY(child<QLabel>(details, "instanceIdLabel")->textInteractionFlags() &
            Qt::TextSelectableByMouse);
    QCOMPARE(child<QLabel>(details, "serviceLabel")->text(),
             QStringLiteral("acme.payments.checkout.api.server"));
    QCOMPARE(child<QLabel>(details, "namespaceLabel")->text(), QStringLiteral("prod"));
    QCOMPARE(child<QLabel>(details, "zoneLabel")->text(), QStringLiteral("az1"));
    QCOMPARE(child<QLabel>(details, "revisionLabel")->text(),
             QStringLiteral("revision of last change: 42"));
    // Structured service: the five parts are shown.
    QStringList texts;
    const QList<QLabel *> labels = details.findChildren<QLabel *>();
    for (const QLabel *label : labels) {
        texts.append(label->text());
    }
    for (const char *part : {"acme", "payments", "checkout", "api", "server"}) {
        QVERIFY2(texts.contains(QString::fromLatin1(part)), part);
    }
}

void TstInstanceDetails::labelsSortedByKey_data()
{
    QTest::addColumn<QString>("labels");
    QTest::addColumn<QStringList>("rows");
    QTest::newRow("sorted") << QStringLiteral("zone=x app=web tier=1")
                            << QStringList{QStringLiteral("app|web"), QStringLiteral("tier|1"),
                                           QStringLiteral("zone|x")};
    QTest::newRow("case sorts upper first")
        << QStringLiteral("b=2 B=1 a=3")
        << QStringList{QStringLiteral("B|1"), QStringLiteral("a|3"), QStringLiteral("b|2")};
    QTest::newRow("empty value") << QStringLiteral("flag=") << QStringList{QStringLiteral("flag|")};
    QTest::newRow("none") << QString() << QStringList();
}

void TstInstanceDetails::labelsSortedByKey()
{
    QFETCH(QString, labels);
    QFETCH(QStringList, rows);
    InstanceDetails details;
    Instance i = instance("a");
    i.labels = stringMap(labels.toUtf8().constData());
    details.showInstance(i, 1);
    QCOMPARE(rowsOf(child<QTableWidget>(details, "labelsTable")), rows);
    QCOMPARE(rowsOf(child<QTableWidget>(details, "metadataTable")),
             (QStringList{QStringLiteral("build|1234"), QStringLiteral("owner|team-pay")}));
}

void TstInstanceDetails::endpointUrl_data()
{
    QTest::addColumn<Endpoint>("endpoint");
    QTest::addColumn<QString>("url");
    QTest::newRow("with path") << Endpoint{QStringLiteral("web"),      QStringLiteral("http"),
                                           QStringLiteral("10.0.0.2"), 8080,
                                           QStringLiteral("/api"),     100}
                               << QStringLiteral("http://10.0.0.2:8080/api");
    QTest::newRow("no path") << Endpoint{QStringLiteral("grpc"),
                                         QStringLiteral("grpc"),
                                         QStringLiteral("h"),
                                         9090,
                                         QString(),
                                         50}
                             << QStringLiteral("grpc://h:9090");
    QTest::newRow("IPv6") << Endpoint{QStringLiteral("http"),    QStringLiteral("http"),
                                      QStringLiteral("fe80::1"), 80,
                                      QStringLiteral("x"),       0}
                          << QStringLiteral("http://[fe80::1]:80/x");
}

void TstInstanceDetails::endpointUrl()
{
    QFETCH(Endpoint, endpoint);
    QFETCH(QString, url);
    InstanceDetails details;
    Instance i = instance("a");
    i.endpoints = {endpoint};
    details.showInstance(i, 1);
    const auto *table = child<QTableWidget>(details, "endpointsTable");
    QCOMPARE(table->rowCount(), 1);
    const int urlColumn = columnNamed(table, QStringLiteral("URL"));
    QVERIFY(urlColumn >= 0);
    QCOMPARE(table->item(0, urlColumn)->text(), url);
    QCOMPARE(table->item(0, columnNamed(table, QStringLiteral("Host")))->text(), endpoint.host);
    QCOMPARE(table->item(0, columnNamed(table, QStringLiteral("Port")))->text(),
             QString::number(endpoint.port));
}

void TstInstanceDetails::lease_data()
{
    QTest::addColumn<qint64>("heartbeatAgo");
    QTest::addColumn<qint64>("ttl");
    QTest::addColumn<qint64>("offsetMs");
    QTest::addColumn<QString>("pattern");
    const QString left = QStringLiteral("^lease left \\d+ s$");
    const QString expired = QStringLiteral("^expired (\\d+ s|1 min \\d+ s) ago$");
    QTest::newRow("fresh") << qint64(0) << qint64(30) << qint64(0) << left;
    QTest::newRow("past heartbeat + ttl") << qint64(60) << qint64(30) << qint64(0) << expired;
    QTest::newRow("default ttl 30 s") << qint64(10) << qint64(0) << qint64(0) << left;
    QTest::newRow("server clock ahead") << qint64(0) << qint64(30) << qint64(90000) << expired;
    QTest::newRow("server clock behind") << qint64(100) << qint64(30) << qint64(-80000) << left;
}

void TstInstanceDetails::lease()
{
    QFETCH(qint64, heartbeatAgo);
    QFETCH(qint64, ttl);
    QFETCH(qint64, offsetMs);
    QFETCH(QString, pattern);
    InstanceDetails details;
    details.setServerClockOffsetMs(offsetMs);
    Instance i = instance("a");
    i.leaseTtlSeconds = ttl;
    i.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch() - heartbeatAgo;
    details.showInstance(i, 1);
    const QString text = child<QLabel>(details, "leaseLabel")->text();
    QVERIFY2(QRegularExpression(pattern).match(text).hasMatch(), qPrintable(text));
    QVERIFY(child<QLabel>(details, "heartbeatLabel")->text().endsWith(QLatin1String(" ago)")));
}

void TstInstanceDetails::clockOffsetShiftsShownLease()
{
    InstanceDetails details;
    details.show();
    Instance i = instance("a");
    i.leaseTtlSeconds = 30;
    i.lastHeartbeatUnix = QDateTime::currentSecsSinceEpoch() - 10;
    details.showInstance(i, 1);
    auto *lease = child<QLabel>(details, "leaseLabel");
    QVERIFY2(lease->text().startsWith(QLatin1String("lease left")), qPrintable(lease->text()));
    // The server is a minute ahead: the same lease ran out half a minute ago.
    details.setServerClockOffsetMs(60000);
    QVERIFY2(lease->text().startsWith(QLatin1String("expired")), qPrintable(lease->text()));
    details.setServerClockOffsetMs(0);
    QVERIFY2(lease->text().startsWith(QLatin1String("lease left")), qPrintable(lease->text()));
}

void TstInstanceDetails::rawJsonRoundTrips()
{
    InstanceDetails details;
    Instance i = instance("a", "app=checkout note=<b>&\"quoted\"");
    i.metadata.insert(QStringLiteral("config"), QStringLiteral("{\"a\": [1, {}]}\nline 2"));
    i.endpoints.append(Endpoint{QStringLiteral("grpc"), QStringLiteral("grpc"),
                                QStringLiteral("fe80::1"), 9090, QString(), 50});
    details.showInstance(i, 1);
    const auto *raw = child<QPlainTextEdit>(details, "rawJson");
    QVERIFY(raw->isReadOnly());
    const QFontMetrics metrics(raw->font()); // monospace
    QCOMPARE(metrics.horizontalAdvance(QLatin1Char('i')),
             metrics.horizontalAdvance(QLatin1Char('W')));
    const QString text = raw->toPlainText();
    QVERIFY2(text.contains(QLatin1String("\n    \"namespace\": \"prod\",\n")), qPrintable(text));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(Instance::fromJson(document.object()), i);
    // The server's member order, not QJsonDocument's alphabetical one.
    QVERIFY(text.indexOf(QLatin1String("\"namespace\"")) <
            text.indexOf(QLatin1String("\"instanceId\"")));
    QVERIFY(text.indexOf(QLatin1String("\"instanceId\"")) <
            text.indexOf(QLatin1String("\"endpoints\"")));
}

void TstInstanceDetails::copy_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QList<int>>("cells"); // row, column pairs to select
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("clipboard");
    const QString copy = QStringLiteral("Copy");
    const QString keyValue = QStringLiteral("Copy as key=value");
    const QString labels = QStringLiteral("labelsTable");
    QTest::newRow("one value is copied as is")
        << labels << QList<int>{1, 1} << copy << QStringLiteral("web");
    QTest::newRow("rows as tab-separated lines")
        << labels << QList<int>{0, 0, 0, 1, 1, 0, 1, 1} << copy
        << QStringLiteral("app\tcheckout\ntier\tweb");
    QTest::newRow("nothing selected copies all")
        << labels << QList<int>{} << copy
        << QStringLiteral("app\tcheckout\ntier\tweb\nzone\tazure");
    QTest::newRow("key=value of the touched rows") << labels << QList<int>{0, 1, 2, 0} << keyValue
                                                   << QStringLiteral("app=checkout\nzone=azure");
    QTest::newRow("key=value of all") << QStringLiteral("metadataTable") << QList<int>{} << keyValue
                                      << QStringLiteral("build=1234\nowner=team-pay");
    QTest::newRow("endpoint row") << QStringLiteral("endpointsTable")
                                  << QList<int>{0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6} << copy
                                  << QStringLiteral("http\thttp\t10.0.0.2\t8080\t/api\t100\t"
                                                    "http://10.0.0.2:8080/api");
}

void TstInstanceDetails::copy()
{
    QFETCH(QString, table);
    QFETCH(QList<int>, cells);
    QFETCH(QString, action);
    QFETCH(QString, clipboard);
    InstanceDetails details;
    details.showInstance(instance("a", "zone=azure app=checkout tier=web"), 1);
    auto *widget = details.findChild<QTableWidget *>(table);
    QVERIFY(widget);
    for (qsizetype i = 0; i + 1 < cells.size(); i += 2) {
        widget->item(cells.at(i), cells.at(i + 1))->setSelected(true);
    }
    QGuiApplication::clipboard()->clear();
    QAction *copyAction = actionNamed(widget, action);
    QVERIFY(copyAction);
    QCOMPARE(widget->contextMenuPolicy(), Qt::ActionsContextMenu);
    copyAction->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), clipboard);
}

void TstInstanceDetails::copyShortcut()
{
    InstanceDetails details;
    details.resize(1280, 800);
    details.show();
    details.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&details));
    details.showInstance(instance("a", "app=checkout tier=web"), 1);
    auto *labels = child<QTableWidget>(details, "labelsTable");
    labels->setFocus();
    labels->item(1, 0)->setSelected(true);
    labels->item(1, 1)->setSelected(true);
    QGuiApplication::clipboard()->clear();
    QTest::keySequence(labels, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("tier\tweb"));
}

void TstInstanceDetails::updateKeepsSelection()
{
    InstanceDetails details;
    Instance i = instance("a", "app=checkout tier=web");
    details.showInstance(i, 1);
    auto *labels = child<QTableWidget>(details, "labelsTable");
    labels->item(1, 1)->setSelected(true);
    // A heartbeat: same instance, same labels; the user's selection survives.
    i.lastHeartbeatUnix += 10;
    details.showInstance(i, 2);
    QCOMPARE(labels->selectedItems().size(), 1);
    QCOMPARE(labels->selectedItems().first()->text(), QStringLiteral("web"));
    // Changed labels are shown.
    i.labels.insert(QStringLiteral("color"), QStringLiteral("red"));
    details.showInstance(i, 3);
    QCOMPARE(rowsOf(labels).first(), QStringLiteral("app|checkout"));
    QCOMPARE(labels->rowCount(), 3);
}

void TstInstanceDetails::serviceHighlightsDifferences_data()
{
    QTest::addColumn<QList<Instance>>("instances");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<QStringList>("differing"); // "row/instanceId"

    Instance a = instance("a", "color=red version=2");
    Instance b = instance("b", "color=red version=2");
    Instance c = instance("c", "color=blue version=2 canary=true");
    c.zone = QStringLiteral("az2");
    // Another host only: endpoints are compared without it.
    b.endpoints.first().host = QStringLiteral("10.0.0.3");
    QTest::newRow("odd one out") << QList<Instance>{a, b, c}
                                 << QStringList{QStringLiteral("zone"), QStringLiteral("endpoints"),
                                                QStringLiteral("canary"), QStringLiteral("color"),
                                                QStringLiteral("version")}
                                 // A label only c has marks c, not the two that lack it.
                                 << QStringList{QStringLiteral("zone/c"),
                                                QStringLiteral("canary/c"),
                                                QStringLiteral("color/c")};

    Instance d = instance("d", "color=red");
    d.endpoints.first().port = 9999;
    QTest::newRow("endpoint port differs")
        << QList<Instance>{a, b, d}
        << QStringList{QStringLiteral("zone"), QStringLiteral("endpoints"), QStringLiteral("color"),
                       QStringLiteral("version")}
        << QStringList{QStringLiteral("endpoints/d"), QStringLiteral("version/d")};

    QTest::newRow("a tie has no majority")
        << QList<Instance>{a, c}
        << QStringList{QStringLiteral("zone"), QStringLiteral("endpoints"),
                       QStringLiteral("canary"), QStringLiteral("color"), QStringLiteral("version")}
        << QStringList{QStringLiteral("zone/a"),   QStringLiteral("zone/c"),
                       QStringLiteral("canary/a"), QStringLiteral("canary/c"),
                       QStringLiteral("color/a"),  QStringLiteral("color/c")};

    QTest::newRow("one instance") << QList<Instance>{a}
                                  << QStringList{QStringLiteral("zone"),
                                                 QStringLiteral("endpoints"),
                                                 QStringLiteral("color"), QStringLiteral("version")}
                                  << QStringList();
}

void TstInstanceDetails::serviceHighlightsDifferences()
{
    QFETCH(QList<Instance>, instances);
    QFETCH(QStringList, rows);
    QFETCH(QStringList, differing);
    InstanceDetails details;
    details.showService(instances);
    const auto *table = child<QTableWidget>(details, "serviceTable");
    QVERIFY(details.findChild<QStackedWidget *>()->currentWidget()->isAncestorOf(table));
    const QString title = child<QLabel>(details, "serviceTitle")->text();
    QVERIFY2(title.contains(QLatin1String("acme.payments.checkout.api.server")), qPrintable(title));
    QVERIFY2(title.contains(instances.size() == 1
                                ? QStringLiteral("1 instance")
                                : QStringLiteral("%1 instances").arg(instances.size())),
             qPrintable(title));

    QStringList gotRows;
    for (int row = 0; row < table->rowCount(); ++row) {
        gotRows.append(table->verticalHeaderItem(row)->text());
    }
    QCOMPARE(gotRows, rows);
    QCOMPARE(table->columnCount(), instances.size());

    QStringList gotDiffering;
    for (int column = 0; column < table->columnCount(); ++column) {
        const QString id = table->horizontalHeaderItem(column)->text();
        QCOMPARE(id, instances.at(column).key.instanceId);
        for (int row = 0; row < table->rowCount(); ++row) {
            const QTableWidgetItem *item = table->item(row, column);
            const bool differs = item->data(InstanceDetails::DiffersRole).toBool();
            // What the user sees agrees with the role.
            QCOMPARE(item->font().bold(), differs);
            QCOMPARE(item->background().style() != Qt::NoBrush, differs);
            const QString label = gotRows.at(row);
            if (row >= 2 && !instances.at(column).labels.contains(label)) {
                QCOMPARE(item->text(), QStringLiteral("\u2014"));
            }
            if (differs) {
                gotDiffering.append(label + QLatin1Char('/') + id);
            }
        }
    }
    QCOMPARE(QSet<QString>(gotDiffering.begin(), gotDiffering.end()),
             QSet<QString>(differing.begin(), differing.end()));
    QCOMPARE(gotDiffering.size(), differing.size());
}

QTEST_MAIN(TstInstanceDetails)
#include "tst_instancedetails.moc"
