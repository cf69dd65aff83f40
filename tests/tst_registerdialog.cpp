// RegisterDialog: the form is typed into like a user would (key clicks in
// line edits and in the table cells' editors), the error label must carry the
// server's own text for the field it names, the preview must be the exact
// body, and Register must talk to a real stellmap-devd: accepted on success,
// kept open with every input on failure.
#include "devdprocess.h"
#include "fakehttpserver.h"
#include "instance.h"
#include "queryfilter.h"
#include "registerdialog.h"
#include "registerrequest.h"
#include "stellmapclient.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>

#include <algorithm>
#include <limits>
#include <type_traits>

using namespace stellmap;

namespace {

const QString OrderApi = QStringLiteral("company.trade.order.order-center.api");

//! The dialog's widgets, found by object name as any test or tool would.
struct Form
{
    explicit Form(RegisterDialog *dialog)
        : dialog(dialog)
    {
        const auto find = [dialog](auto *&widget, const char *name) {
            using Widget = std::remove_pointer_t<std::remove_reference_t<decltype(widget)>>;
            widget = dialog->findChild<Widget *>(QLatin1String(name));
            if (!widget) {
                qFatal("RegisterDialog has no %s", name);
            }
        };
        find(namespaceName, "namespaceName");
        find(service, "service");
        find(organization, "organization");
        find(businessDomain, "businessDomain");
        find(capabilityDomain, "capabilityDomain");
        find(application, "application");
        find(role, "role");
        find(instanceId, "instanceId");
        find(zone, "zone");
        find(leaseTtl, "leaseTtl");
        find(endpoints, "endpoints");
        find(addEndpoint, "addEndpoint");
        find(removeEndpoint, "removeEndpoint");
        find(labels, "labels");
        find(addLabel, "addLabel");
        find(removeLabel, "removeLabel");
        find(metadata, "metadata");
        find(addMetadata, "addMetadata");
        find(removeMetadata, "removeMetadata");
        find(preview, "preview");
        find(warning, "warning");
        find(error, "error");
        find(formArea, "formArea");
        QDialogButtonBox *buttons = nullptr;
        find(buttons, "buttons");
        registerButton = buttons->button(QDialogButtonBox::Ok);
        cancelButton = buttons->button(QDialogButtonBox::Cancel);
    }

    QStringList parts() const
    {
        return {organization->text(), businessDomain->text(), capabilityDomain->text(),
                application->text(), role->text()};
    }
    QList<QLineEdit *> partEdits() const
    {
        return {organization, businessDomain, capabilityDomain, application, role};
    }

    RegisterDialog *dialog;
    QComboBox *namespaceName = nullptr;
    QLineEdit *service = nullptr;
    QLineEdit *organization = nullptr;
    QLineEdit *businessDomain = nullptr;
    QLineEdit *capabilityDomain = nullptr;
    QLineEdit *application = nullptr;
    QLineEdit *role = nullptr;
    QLineEdit *instanceId = nullptr;
    QLineEdit *zone = nullptr;
    QSpinBox *leaseTtl = nullptr;
    QTableWidget *endpoints = nullptr;
    QPushButton *addEndpoint = nullptr;
    QPushButton *removeEndpoint = nullptr;
    QTableWidget *labels = nullptr;
    QPushButton *addLabel = nullptr;
    QPushButton *removeLabel = nullptr;
    QTableWidget *metadata = nullptr;
    QPushButton *addMetadata = nullptr;
    QPushButton *removeMetadata = nullptr;
    QPlainTextEdit *preview = nullptr;
    QLabel *warning = nullptr;
    QLabel *error = nullptr;
    QWidget *formArea = nullptr;
    QPushButton *registerButton = nullptr;
    QPushButton *cancelButton = nullptr;
};

//! Replaces the text of \a edit by typing, so textEdited fires as for a user.
void retype(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
    QCOMPARE(edit->text(), text);
}

//! Types \a text into the cell's editor, then moves off the cell (which closes the editor).
void typeCell(QTableWidget *table, int row, int column, const QString &text)
{
    table->setCurrentCell(row, column);
    const QModelIndex index = table->model()->index(row, column);
    if (!table->indexWidget(index)) { // Add opens the first cell's editor itself
        table->editItem(table->item(row, column));
    }
    auto *editor = qobject_cast<QLineEdit *>(table->indexWidget(index));
    QVERIFY2(editor, "the cell has no line edit");
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Backspace);
    QTest::keyClicks(editor, text);
    table->setCurrentItem(nullptr);
    QCOMPARE(table->item(row, column)->text(), text);
}

void removeAllRows(QTableWidget *table, QPushButton *remove)
{
    table->selectAll();
    remove->click();
    QCOMPARE(table->rowCount(), 0);
}

//! Rows as "name|protocol|host|port|path|weight" (or "key|value"), typed cell by cell.
void typeRows(QTableWidget *table, QPushButton *add, QPushButton *remove, const QStringList &rows)
{
    removeAllRows(table, remove);
    for (const QString &row : rows) {
        add->click();
        const QStringList cells = row.split(QLatin1Char('|'));
        QCOMPARE(cells.size(), table->columnCount());
        for (int column = 0; column < cells.size(); ++column) {
            typeCell(table, table->rowCount() - 1, column, cells.at(column));
        }
    }
}

void typeValidForm(const Form &form, const QString &instanceId)
{
    retype(form.service, OrderApi);
    retype(form.instanceId, instanceId);
    retype(form.zone, QStringLiteral("az1"));
    typeRows(
        form.endpoints, form.addEndpoint, form.removeEndpoint,
        {QStringLiteral("|http|10.0.0.2|8080|/|"), QStringLiteral("admin|http|10.0.0.2|9090||50")});
    typeRows(form.labels, form.addLabel, form.removeLabel,
             {QStringLiteral("color|gray"), QStringLiteral("tier|critical")});
    form.leaseTtl->setValue(600);
}

QStringList endpointRows(const QTableWidget *table)
{
    QStringList rows;
    for (int row = 0; row < table->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < table->columnCount(); ++column) {
            cells << table->item(row, column)->text();
        }
        rows << cells.join(QLatin1Char('|'));
    }
    return rows;
}

std::unique_ptr<StellMapClient> makeClient(QNetworkAccessManager *network, const QUrl &server,
                                           int timeoutMs = 10000)
{
    ClientOptions options;
    options.servers = {server};
    options.timeoutMs = timeoutMs;
    return std::make_unique<StellMapClient>(options, network);
}

} // namespace

class TstRegisterDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validation_data();
    void validation();
    void cellsAreCheckedAsTheyAreTyped();
    void labelAndMetadataRows();
    void fullNameFillsParts();
    void partsRecomposeFullName();
    void slashWarns_data();
    void slashWarns();
    void previewIsTheExactBody();
    void setRequestRoundTrip_data();
    void setRequestRoundTrip();
    void duplicateFocusesInstanceId();
    void keyboard();
    void nullSendAccepts();
    void registersAgainstDevd();
    void leaderlessClusterRefuses();
    void stoppedServerKeepsInput();
    void lostAnswerSaysItMayBeApplied();
    void closingWhilePendingIsSafe();
};

void TstRegisterDialog::validation_data()
{
    QTest::addColumn<QString>("namespaceName");
    QTest::addColumn<QString>("service");
    //! Typed into the five part fields after the service (empty: not touched).
    QTest::addColumn<QStringList>("parts");
    QTest::addColumn<QString>("instanceId");
    QTest::addColumn<QStringList>("endpoints");
    QTest::addColumn<int>("leaseTtl");
    QTest::addColumn<QString>("field");
    //! The whole error label.
    QTest::addColumn<QString>("error");

    const QString ns = QStringLiteral("prod");
    const QString id = QStringLiteral("i-1");
    const QStringList http = {QStringLiteral("|http|10.0.0.2|8080||")};
    const auto port = [](const QString &text) {
        return QStringList{QStringLiteral("|http|10.0.0.2|%1||").arg(text)};
    };
    const QString portRange = QStringLiteral("Endpoint row 1, Port: endpoint port must be within "
                                             "1..65535");
    const QString required = QStringLiteral("namespace, service and instanceId are required");

    QTest::newRow("valid") << ns << OrderApi << QStringList() << id << http << 0 << QString()
                           << QString();
    QTest::newRow("valid plain service") << ns << QStringLiteral("orders") << QStringList() << id
                                         << http << 30 << QString() << QString();
    QTest::newRow("missing endpoint")
        << ns << OrderApi << QStringList() << id << QStringList() << 0
        << QStringLiteral("endpoints")
        << QStringLiteral("Endpoints: at least one endpoint is required");
    QTest::newRow("bad port") << ns << OrderApi << QStringList() << id
                              << port(QStringLiteral("70000")) << 0
                              << QStringLiteral("endpoints[0].port") << portRange;
    QTest::newRow("empty port is not a default")
        << ns << OrderApi << QStringList() << id << port(QString()) << 0
        << QStringLiteral("endpoints[0].port") << portRange;
    QTest::newRow("duplicate endpoint name")
        << ns << OrderApi << QStringList() << id
        << QStringList{QStringLiteral("|http|10.0.0.2|8080||"),
                       QStringLiteral("http|grpc|10.0.0.2|9090||")}
        << 0 << QStringLiteral("endpoints[1].name")
        << QStringLiteral("Endpoint row 2, Name: duplicate endpoint name: http");
    QTest::newRow("missing protocol")
        << ns << OrderApi << QStringList() << id
        << QStringList{QStringLiteral("|http|h|80||"), QStringLiteral("x||h|80||")} << 0
        << QStringLiteral("endpoints[1].protocol")
        << QStringLiteral("Endpoint row 2, Protocol: endpoint protocol is required");
    QTest::newRow("missing host") << ns << OrderApi << QStringList() << id
                                  << QStringList{QStringLiteral("|http| |80||")} << 0
                                  << QStringLiteral("endpoints[0].host")
                                  << QStringLiteral(
                                         "Endpoint row 1, Host: endpoint host is required");
    QTest::newRow("negative weight")
        << ns << OrderApi << QStringList() << id << QStringList{QStringLiteral("|http|h|80||-1")}
        << 0 << QStringLiteral("endpoints[0].weight")
        << QStringLiteral("Endpoint row 1, Weight: endpoint weight must be greater than or equal "
                          "to 0");
    QTest::newRow("structured parts incomplete")
        << ns << QString()
        << QStringList{QStringLiteral("company"), QStringLiteral("trade"), QString(), QString(),
                       QString()}
        << id << http << 0 << QStringLiteral("service")
        << QStringLiteral("Service: organization, businessDomain, capabilityDomain, application "
                          "and role are required");
    QTest::newRow("service mismatch")
        << ns << QStringLiteral("a. b.c.d.e") << QStringList() << id << http << 0
        << QStringLiteral("service")
        << QStringLiteral("Service: service \"a. b.c.d.e\" does not match structured service "
                          "identity \"a.b.c.d.e\"");
    QTest::newRow("service missing")
        << ns << QString() << QStringList() << id << http << 0 << QStringLiteral("service")
        << QStringLiteral("Service: service is required");
    QTest::newRow("negative TTL")
        << ns << OrderApi << QStringList() << id << http << -5 << QStringLiteral("leaseTtlSeconds")
        << QStringLiteral("Lease TTL: leaseTtlSeconds must be greater than or equal to 0");
    QTest::newRow("missing instance id")
        << ns << OrderApi << QStringList() << QString() << http << 0 << QStringLiteral("instanceId")
        << QStringLiteral("Instance ID: ") + required;
    QTest::newRow("blank instance id")
        << ns << OrderApi << QStringList() << QStringLiteral("  ") << http << 0
        << QStringLiteral("instanceId") << QStringLiteral("Instance ID: ") + required;
    QTest::newRow("missing namespace")
        << QString() << OrderApi << QStringList() << id << http << 0 << QStringLiteral("namespace")
        << QStringLiteral("Namespace: ") + required;
    QTest::newRow("non-integer port")
        << ns << OrderApi << QStringList() << id << port(QStringLiteral("80a")) << 0
        << QStringLiteral("endpoints[0].port")
        << QStringLiteral("Endpoint row 1, Port: \"80a\" is not a port: enter a whole number from "
                          "1 to 65535");
    QTest::newRow("fractional port")
        << ns << OrderApi << QStringList() << id << port(QStringLiteral("8080.5")) << 0
        << QStringLiteral("endpoints[0].port")
        << QStringLiteral("Endpoint row 1, Port: \"8080.5\" is not a port: enter a whole number "
                          "from 1 to 65535");
    QTest::newRow("port beyond 32 bits")
        << ns << OrderApi << QStringList() << id << port(QStringLiteral("70000000000")) << 0
        << QStringLiteral("endpoints[0].port")
        << QStringLiteral("Endpoint row 1, Port: \"70000000000\" is not a port: enter a whole "
                          "number from 1 to 65535");
    QTest::newRow("non-integer weight")
        << ns << OrderApi << QStringList() << id
        << QStringList{QStringLiteral("|http|h|80||"), QStringLiteral("b|http|h|81||1.5")} << 0
        << QStringLiteral("endpoints[1].weight")
        << QStringLiteral("Endpoint row 2, Weight: \"1.5\" is not a weight: enter a whole number "
                          "of 0 or more (empty or 0 means 100)");
    // The server's order: identity before endpoints...
    QTest::newRow("order: service before port")
        << ns << QString() << QStringList() << id << port(QStringLiteral("0")) << 0
        << QStringLiteral("service") << QStringLiteral("Service: service is required");
    // ... but a number that is not one fails the JSON decoding, before any rule.
    QTest::newRow("order: non-number before service")
        << ns << QString() << QStringList() << id << port(QStringLiteral("x")) << 0
        << QStringLiteral("endpoints[0].port")
        << QStringLiteral("Endpoint row 1, Port: \"x\" is not a port: enter a whole number from 1 "
                          "to 65535");
}

void TstRegisterDialog::validation()
{
    QFETCH(QString, namespaceName);
    QFETCH(QString, service);
    QFETCH(QStringList, parts);
    QFETCH(QString, instanceId);
    QFETCH(QStringList, endpoints);
    QFETCH(int, leaseTtl);
    QFETCH(QString, field);
    QFETCH(QString, error);

    RegisterDialog dialog({QStringLiteral("prod"), QStringLiteral("staging")}, {});
    dialog.show();
    Form form(&dialog);
    QCOMPARE(form.namespaceName->currentText(), QStringLiteral("prod"));
    retype(form.namespaceName->lineEdit(), namespaceName);
    retype(form.service, service);
    for (int i = 0; i < parts.size(); ++i) {
        retype(form.partEdits().at(i), parts.at(i));
    }
    retype(form.instanceId, instanceId);
    typeRows(form.endpoints, form.addEndpoint, form.removeEndpoint, endpoints);
    form.leaseTtl->setValue(leaseTtl);

    QCOMPARE(form.error->text(), error);
    QCOMPARE(dialog.validationError().field, field);
    // The field the message names is outlined in the form, and only that one.
    QStringList marked;
    for (const QWidget *widget : dialog.findChildren<QWidget *>()) {
        if (widget->property("invalid").toBool()) {
            marked.append(widget->objectName());
        }
    }
    const QString head = field.section(QLatin1Char('['), 0, 0).section(QLatin1Char('.'), 0, 0);
    const QString widgetName = head == QLatin1String("namespace") ? QStringLiteral("namespaceName")
                               : head == QLatin1String("leaseTtlSeconds")
                                   ? QStringLiteral("leaseTtl")
                                   : head;
    QCOMPARE(marked, widgetName.isEmpty() ? QStringList() : QStringList{widgetName});
    QCOMPARE(form.registerButton->isEnabled(), error.isEmpty());
    QCOMPARE(form.preview->isEnabled(), error.isEmpty());
    // A cell that is not a number has no body to show (never a port of 0).
    QCOMPARE(form.preview->toPlainText().isEmpty(), error.contains(QLatin1String("\" is not a ")));
}

void TstRegisterDialog::cellsAreCheckedAsTheyAreTyped()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("i-1"));
    QVERIFY(form.registerButton->isEnabled());

    // The port cell's editor stays open: the check must not wait for it to close.
    const QModelIndex port = form.endpoints->model()->index(1, 3);
    form.endpoints->setCurrentIndex(port);
    form.endpoints->edit(port);
    auto *editor = qobject_cast<QLineEdit *>(form.endpoints->indexWidget(port));
    QVERIFY(editor);
    editor->end(false);
    QTest::keyClicks(editor, QStringLiteral("x"));
    QCOMPARE(form.error->text(), QStringLiteral("Endpoint row 2, Port: \"9090x\" is not a port: "
                                                "enter a whole number from 1 to 65535"));
    QVERIFY(!form.registerButton->isEnabled());
    // Typing in the middle keeps the cursor where it is (the commit does not rewrite the editor).
    editor->setCursorPosition(1);
    QTest::keyClick(editor, Qt::Key_Delete);
    QCOMPARE(editor->text(), QStringLiteral("990x"));
    QCOMPARE(editor->cursorPosition(), 1);
    QTest::keyClick(editor, Qt::Key_End);
    QTest::keyClick(editor, Qt::Key_Backspace);
    QVERIFY(form.error->text().isEmpty());
    QVERIFY(form.registerButton->isEnabled());
    QCOMPARE(dialog.request().endpoints.at(1).port, 990);
}

void TstRegisterDialog::labelAndMetadataRows()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("i-1"));

    // Keys equal once trimmed would collapse into one JSON member: refused, by row.
    typeRows(form.labels, form.addLabel, form.removeLabel,
             {QStringLiteral("color|gray"), QStringLiteral(" color |blue")});
    QCOMPARE(form.error->text(),
             QStringLiteral("Labels row 2: key \"color\" is already used in row 1"));
    QCOMPARE(dialog.validationError().field, QStringLiteral("labels[1]"));
    QVERIFY(!form.registerButton->isEnabled());

    // A value without a key is dropped by the server: allowed, but said.
    typeRows(form.labels, form.addLabel, form.removeLabel,
             {QStringLiteral(" color |gray "), QStringLiteral("|orphan")});
    QVERIFY(form.error->text().isEmpty());
    QCOMPARE(dialog.warningText(),
             QStringLiteral("Labels row 2 has a value but no key: the server drops it."));
    QCOMPARE(dialog.request().labels,
             (StringMap{{QStringLiteral("color"), QStringLiteral("gray")}}));

    // A fresh empty row is no mistake; metadata is read the same way.
    removeAllRows(form.labels, form.removeLabel);
    form.addLabel->click();
    QVERIFY(dialog.warningText().isEmpty());
    typeRows(form.metadata, form.addMetadata, form.removeMetadata,
             {QStringLiteral("build_sha|abc123")});
    QCOMPARE(dialog.request().metadata,
             (StringMap{{QStringLiteral("build_sha"), QStringLiteral("abc123")}}));
    QVERIFY(dialog.request().labels.isEmpty());
}

void TstRegisterDialog::fullNameFillsParts()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    QTest::keyClicks(form.service, OrderApi);
    QCOMPARE(form.parts(), OrderApi.split(QLatin1Char('.')));
    // Every keystroke re-derives the parts.
    QTest::keyClick(form.service, Qt::Key_Backspace);
    QCOMPARE(form.role->text(), QStringLiteral("ap"));
    QTest::keyClicks(form.service, QStringLiteral("i.v2"));
    QCOMPARE(form.parts(), QStringList(5)); // six parts: a plain name
    retype(form.service, QStringLiteral("orders"));
    QCOMPARE(form.parts(), QStringList(5));
    retype(form.service, QStringLiteral("a.b..d.e")); // a blank part: not five parts
    QCOMPARE(form.parts(), QStringList(5));
    QCOMPARE(dialog.request().key.service, ServiceName::fromService(QStringLiteral("a.b..d.e")));
}

void TstRegisterDialog::partsRecomposeFullName()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    typeRows(form.endpoints, form.addEndpoint, form.removeEndpoint,
             {QStringLiteral("|http|10.0.0.2|8080||")});
    const QStringList parts = OrderApi.split(QLatin1Char('.'));
    for (int i = 0; i < 5; ++i) {
        QVERIFY(form.service->text().isEmpty()); // incomplete parts compose no name
        QTest::keyClicks(form.partEdits().at(i), parts.at(i));
    }
    QCOMPARE(form.service->text(), OrderApi);
    retype(form.role, QStringLiteral(" worker "));
    QCOMPARE(form.service->text(), QStringLiteral("company.trade.order.order-center.worker"));
    QCOMPARE(form.role->text(), QStringLiteral(" worker ")); // not rewritten under the cursor
    retype(form.instanceId, QStringLiteral("i-1"));
    QVERIFY2(form.error->text().isEmpty(), qPrintable(form.error->text()));
    const ServiceName service = dialog.request().key.service;
    QCOMPARE(service.service, QStringLiteral("company.trade.order.order-center.worker"));
    QCOMPARE(service.role, QStringLiteral("worker"));

    retype(form.businessDomain, QString());
    QVERIFY(form.service->text().isEmpty());
    QVERIFY(form.error->text().startsWith(QLatin1String("Service: organization, businessDomain")));
    // Back from the name: the parts follow it again.
    retype(form.service, QStringLiteral("x.y.z.app.api"));
    QCOMPARE(form.parts(), QStringLiteral("x.y.z.app.api").split(QLatin1Char('.')));
}

void TstRegisterDialog::slashWarns_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("instanceId");
    QTest::addColumn<QString>("subject");

    QTest::newRow("plain") << OrderApi << QStringLiteral("i-1") << QString();
    QTest::newRow("instance id") << OrderApi << QStringLiteral("pod/7")
                                 << QStringLiteral("Instance ID contains");
    QTest::newRow("service") << QStringLiteral("team/orders") << QStringLiteral("i-1")
                             << QStringLiteral("Service contains");
    QTest::newRow("both") << QStringLiteral("a.b.c.d.e/f") << QStringLiteral("/")
                          << QStringLiteral("Service and Instance ID contain");
}

void TstRegisterDialog::slashWarns()
{
    QFETCH(QString, service);
    QFETCH(QString, instanceId);
    QFETCH(QString, subject);

    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, instanceId);
    retype(form.service, service);
    if (subject.isEmpty()) {
        QVERIFY(dialog.warningText().isEmpty());
    } else {
        QCOMPARE(dialog.warningText(),
                 subject +
                     QStringLiteral(" '/': the instance can be registered and found by a query, "
                                    "but the server never sends watch events for it (watch keys "
                                    "are namespace/service/instanceId), so live views such as "
                                    "this browser's tree will not show it."));
    }
    QCOMPARE(form.warning->text(), dialog.warningText());
    // A warning, not an error: such an instance can be registered.
    QVERIFY(form.error->text().isEmpty());
    QVERIFY(form.registerButton->isEnabled());
}

void TstRegisterDialog::previewIsTheExactBody()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral(" i-1 "));
    typeRows(form.metadata, form.addMetadata, form.removeMetadata,
             {QStringLiteral("owner|<team & co>")});

    // The same request built by hand, normalized as the client does before sending.
    RegisterRequest expected;
    expected.key.namespaceName = QStringLiteral("prod");
    expected.key.service = ServiceName::fromService(OrderApi);
    expected.key.instanceId = QStringLiteral("i-1");
    expected.zone = QStringLiteral("az1");
    expected.labels = {{QStringLiteral("color"), QStringLiteral("gray")},
                       {QStringLiteral("tier"), QStringLiteral("critical")}};
    expected.metadata = {{QStringLiteral("owner"), QStringLiteral("<team & co>")}};
    expected.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.0.2"),
                                   8080, QStringLiteral("/"), 0},
                          Endpoint{QStringLiteral("admin"), QStringLiteral("http"),
                                   QStringLiteral("10.0.0.2"), 9090, QString(), 50}};
    expected.leaseTtlSeconds = 600;
    QVERIFY(!expected.normalize());

    QCOMPARE(form.preview->toPlainText().toUtf8(), expected.toJson());
    QCOMPARE(dialog.request().toJson(), expected.toJson());
    QVERIFY(form.preview->isReadOnly());
    QCOMPARE(form.preview->font().family(),
             QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    // Go's escaping of <, > and & is what goes on the wire.
    QVERIFY(form.preview->toPlainText().contains(QLatin1String("\\u003cteam \\u0026 co\\u003e")));

    // It follows every edit; TTL 0 is sent as the server default.
    form.leaseTtl->setValue(0);
    QVERIFY(form.preview->toPlainText().contains(QLatin1String("\"leaseTtlSeconds\":30")));
}

void TstRegisterDialog::setRequestRoundTrip_data()
{
    QTest::addColumn<QByteArray>("instanceJson");

    QTest::newRow("structured, full") << QByteArray(
        "{\"namespace\":\"prod\",\"service\":\"company.trade.order.order-center.api\","
        "\"organization\":\"company\",\"businessDomain\":\"trade\","
        "\"capabilityDomain\":\"order\",\"application\":\"order-center\","
        "\"role\":\"api\",\"instanceId\":\"i-1\",\"zone\":\"az1\","
        "\"labels\":{\"color\":\"gray\",\"tier\":\"critical\"},"
        "\"metadata\":{\"build_sha\":\"abc123\"},"
        "\"endpoints\":[{\"name\":\"http\",\"protocol\":\"http\",\"host\":\"10.0.0.2\","
        "\"port\":8080,\"path\":\"/\",\"weight\":100},{\"name\":\"grpc\","
        "\"protocol\":\"grpc\",\"host\":\"10.0.0.2\",\"port\":9090,\"weight\":5}],"
        "\"leaseTtlSeconds\":600}");
    QTest::newRow("plain service, defaults")
        << QByteArray("{\"namespace\":\"staging\",\"service\":\"orders\",\"instanceId\":\"o-1\","
                      "\"endpoints\":[{\"protocol\":\"http\",\"host\":\"h\",\"port\":80}]}");
    QTest::newRow("parts only") << QByteArray(
        "{\"namespace\":\"prod\",\"organization\":\"a\",\"businessDomain\":\"b\","
        "\"capabilityDomain\":\"c\",\"application\":\"d\",\"role\":\"e\","
        "\"instanceId\":\"x\",\"endpoints\":[{\"protocol\":\"tcp\",\"host\":\"h\","
        "\"port\":1}]}");
    QTest::newRow("untrimmed, a namespace not in the profile")
        << QByteArray("{\"namespace\":\" other \",\"service\":\" orders \",\"instanceId\":\" o \","
                      "\"zone\":\" az2 \",\"labels\":{\" k \":\" v \"},"
                      "\"endpoints\":[{\"protocol\":\" http \",\"host\":\" h \",\"port\":80,"
                      "\"path\":\" /p \"}],\"leaseTtlSeconds\":5000000000}");
}

void TstRegisterDialog::setRequestRoundTrip()
{
    QFETCH(QByteArray, instanceJson);

    const Instance instance = Instance::fromJson(QJsonDocument::fromJson(instanceJson).object());
    QVERIFY(!instance.key.instanceId.isEmpty());
    const RegisterRequest given = RegisterRequest::fromInstance(instance);
    RegisterRequest expected = given;
    QVERIFY(!expected.normalize());

    RegisterDialog dialog({QStringLiteral("prod"), QStringLiteral("staging")}, {});
    dialog.setRequest(given);
    Form form(&dialog);
    QVERIFY2(!dialog.validationError(), qPrintable(dialog.validationError().toString()));
    QCOMPARE(dialog.request().toJson(), expected.toJson());
    QCOMPARE(dialog.request().leaseTtlSeconds, expected.leaseTtlSeconds);
    QCOMPARE(form.preview->toPlainText().toUtf8(), expected.toJson());
    // Both sides of the service are shown, whichever the request carried.
    QCOMPARE(form.service->text().trimmed(), expected.key.service.service);
    QCOMPARE(form.role->text(), expected.key.service.role);
    if (given.leaseTtlSeconds > std::numeric_limits<int>::max()) {
        QVERIFY(dialog.warningText().contains(QLatin1String("5000000000 s")));
    }

    // Setting what the dialog returns gives it back unchanged.
    dialog.setRequest(dialog.request());
    QCOMPARE(dialog.request().toJson(), expected.toJson());
}

void TstRegisterDialog::duplicateFocusesInstanceId()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Register instance"));
    RegisterRequest request;
    request.key.namespaceName = QStringLiteral("prod");
    request.key.service = ServiceName::fromService(OrderApi);
    request.key.instanceId = QStringLiteral("order-center-api-10.0.1.23");
    request.endpoints = {Endpoint{QString(), QStringLiteral("http"), QStringLiteral("10.0.1.23"),
                                  8080, QString(), 0}};
    dialog.setRequest(request);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Duplicate instance"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    Form form(&dialog);
    QTRY_COMPARE(QApplication::focusWidget(), form.instanceId);
    QCOMPARE(form.instanceId->selectedText(), request.key.instanceId);
    // Typing replaces the selected id.
    QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("order-center-api-10.0.1.24"));
    QCOMPARE(dialog.request().key.instanceId, QStringLiteral("order-center-api-10.0.1.24"));
}

void TstRegisterDialog::keyboard()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    Form form(&dialog);

    // Every input has a label whose mnemonic reaches it.
    for (QWidget *input : std::initializer_list<QWidget *>{
             form.namespaceName, form.service, form.organization, form.businessDomain,
             form.capabilityDomain, form.application, form.role, form.instanceId, form.zone,
             form.leaseTtl, form.endpoints, form.labels, form.metadata, form.preview}) {
        const auto labels = dialog.findChildren<QLabel *>();
        const bool labelled = std::any_of(labels.cbegin(), labels.cend(), [input](QLabel *label) {
            return label->buddy() == input && label->text().contains(QLatin1Char('&'));
        });
        QVERIFY2(labelled, qPrintable(input->objectName()));
    }

    // Tab walks the form in reading order, and out of the tables (not cell by cell).
    QList<QWidget *> order;
    form.namespaceName->setFocus();
    QTRY_VERIFY(form.namespaceName->hasFocus());
    QWidget *focused = QApplication::focusWidget();
    for (int i = 0; i < 16; ++i) {
        QVERIFY(focused);
        order << focused;
        QTest::keyClick(focused, Qt::Key_Tab);
        focused = QApplication::focusWidget();
    }
    const QList<QWidget *> expected = {
        form.namespaceName,  form.service,          form.organization,
        form.businessDomain, form.capabilityDomain, form.application,
        form.role,           form.instanceId,       form.zone,
        form.leaseTtl,       form.endpoints,        form.addEndpoint,
        form.removeEndpoint, form.labels,           form.addLabel,
        form.removeLabel};
    for (int i = 0; i < expected.size(); ++i) {
        QWidget *widget = order.at(i);
        // A combo box or spin box has its line edit focused.
        QVERIFY2(widget == expected.at(i) || widget->parentWidget() == expected.at(i),
                 qPrintable(QStringLiteral("tab stop %1 is %2, expected %3")
                                .arg(i)
                                .arg(widget->objectName(), expected.at(i)->objectName())));
    }

    // Esc cancels.
    QTest::keyClick(form.instanceId, Qt::Key_Escape);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QVERIFY(!dialog.isVisible());
}

void TstRegisterDialog::nullSendAccepts()
{
    RegisterDialog dialog({QStringLiteral("prod")}, {});
    dialog.show();
    Form form(&dialog);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    form.registerButton->click(); // disabled while invalid: nothing happens
    QCOMPARE(accepted.count(), 0);
    typeValidForm(form, QStringLiteral("i-1"));
    form.registerButton->click();
    QCOMPARE(accepted.count(), 1);
    QCOMPARE(dialog.request().key.instanceId, QStringLiteral("i-1"));
}

void TstRegisterDialog::registersAgainstDevd()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    QNetworkAccessManager network;
    const auto client = makeClient(&network, devd.url());
    QList<RegisterRequest> sent;
    RegisterDialog dialog({QStringLiteral("prod")}, [&](const RegisterRequest &request) {
        sent << request;
        return client->registerInstance(request);
    });
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("typed-by-hand"));
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(form.registerButton, Qt::LeftButton);
    QCOMPARE(sent.size(), 1);
    QCOMPARE(sent.first().toJson(), form.preview->toPlainText().toUtf8());
    // Waiting: the form cannot change under the request.
    QVERIFY(dialog.isSending());
    QVERIFY(!form.formArea->isEnabled());
    QVERIFY(!form.registerButton->isEnabled());
    QVERIFY(accepted.wait(10000));
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QVERIFY(!dialog.isSending());

    QueryFilter filter;
    filter.namespaceName = QStringLiteral("prod");
    filter.services = {OrderApi};
    QueryReply *query = client->query(filter);
    QSignalSpy finished(query, &StellMapReply::finished);
    QVERIFY(finished.wait(10000));
    QCOMPARE(query->code(), QStringLiteral("ok"));
    QCOMPARE(query->instances().size(), 1);
    const Instance &instance = query->instances().first();
    QCOMPARE(instance.key.instanceId, QStringLiteral("typed-by-hand"));
    QCOMPARE(instance.key.service.application, QStringLiteral("order-center"));
    QCOMPARE(instance.zone, QStringLiteral("az1"));
    QCOMPARE(instance.labels.value(QStringLiteral("tier")), QStringLiteral("critical"));
    QCOMPARE(instance.leaseTtlSeconds, qint64(600));
    QCOMPARE(instance.endpoints.size(), 2);
    QCOMPARE(instance.endpoints.at(0).name, QStringLiteral("http")); // empty name: the protocol
    QCOMPARE(instance.endpoints.at(0).weight, 100);                  // empty weight: 100
    QCOMPARE(instance.endpoints.at(1).name, QStringLiteral("admin"));
    QCOMPARE(instance.endpoints.at(1).port, 9090);
    QCOMPARE(instance.endpoints.at(1).weight, 50);
}

void TstRegisterDialog::leaderlessClusterRefuses()
{
    // A valid request the client cannot refuse: only the cluster can (no leader).
    DevdProcess devd;
    QVERIFY2(devd.start({QStringLiteral("--leader"), QStringLiteral("0")}, 2),
             qPrintable(devd.errorText()));
    QNetworkAccessManager network;
    const auto client = makeClient(&network, devd.url(), 1500);
    RegisterDialog dialog({QStringLiteral("prod")}, [&](const RegisterRequest &request) {
        return client->registerInstance(request);
    });
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("i-1"));
    const QString body = form.preview->toPlainText();
    form.registerButton->click();
    QVERIFY(dialog.isSending());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isSending(), 10000);

    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted
    QVERIFY2(form.error->text().startsWith(QLatin1String("no_leader: no leader")),
             qPrintable(form.error->text()));
    QVERIFY(form.formArea->isEnabled());
    QVERIFY(form.registerButton->isEnabled()); // a second try is allowed
    QCOMPARE(form.preview->toPlainText(), body);
}

void TstRegisterDialog::stoppedServerKeepsInput()
{
    DevdProcess devd;
    QVERIFY2(devd.start(), qPrintable(devd.errorText()));
    QNetworkAccessManager network;
    const auto client = makeClient(&network, devd.url());
    RegisterDialog dialog({QStringLiteral("prod")}, [&](const RegisterRequest &request) {
        return client->registerInstance(request);
    });
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("i-1"));
    const QString body = form.preview->toPlainText();
    const QStringList rows = endpointRows(form.endpoints);
    devd.kill();

    QSignalSpy accepted(&dialog, &QDialog::accepted);
    form.registerButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isSending(), 10000);
    QCOMPARE(accepted.count(), 0);
    QVERIFY(dialog.isVisible());
    QVERIFY2(form.error->text().startsWith(QLatin1String("unavailable: ")),
             qPrintable(form.error->text()));
    QVERIFY(form.formArea->isEnabled());
    QVERIFY(form.registerButton->isEnabled());
    QCOMPARE(form.service->text(), OrderApi);
    QCOMPARE(form.instanceId->text(), QStringLiteral("i-1"));
    QCOMPARE(form.zone->text(), QStringLiteral("az1"));
    QCOMPARE(form.leaseTtl->value(), 600);
    QCOMPARE(endpointRows(form.endpoints), rows);
    QCOMPARE(form.labels->rowCount(), 2);
    QCOMPARE(form.preview->toPlainText(), body);

    // The server is back: the kept form goes through on the next press.
    QVERIFY(devd.restart());
    form.registerButton->click();
    QVERIFY(accepted.wait(10000));
}

void TstRegisterDialog::lostAnswerSaysItMayBeApplied()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    QNetworkAccessManager network;
    const auto client = makeClient(&network, silent.url(), 500);
    RegisterDialog dialog({QStringLiteral("prod")}, [&](const RegisterRequest &request) {
        return client->registerInstance(request);
    });
    dialog.show();
    Form form(&dialog);
    typeValidForm(form, QStringLiteral("i-1"));
    form.registerButton->click();
    QTRY_VERIFY_WITH_TIMEOUT(!dialog.isSending(), 10000);
    QVERIFY2(form.error->text().startsWith(QLatin1String("timeout: ")),
             qPrintable(form.error->text()));
    QVERIFY2(form.error->text().contains(QLatin1String("may be registered anyway")),
             qPrintable(form.error->text()));

    // The next edit gives the label back to the form's own check.
    retype(form.instanceId, QString());
    QCOMPARE(form.error->text(), QStringLiteral("Instance ID: namespace, service and instanceId "
                                                "are required"));
}

void TstRegisterDialog::closingWhilePendingIsSafe()
{
    FakeHttpServer silent;
    QVERIFY(silent.listen());
    silent.setSilent();
    QNetworkAccessManager network;
    const auto client = makeClient(&network, silent.url());
    QPointer<StellMapReply> pending;
    const auto send = [&](const RegisterRequest &request) {
        StellMapReply *reply = client->registerInstance(request);
        pending = reply;
        return reply;
    };

    // Cancel while waiting: the reply is dropped (aborted), the dialog is rejected.
    {
        RegisterDialog dialog({QStringLiteral("prod")}, send);
        dialog.show();
        Form form(&dialog);
        typeValidForm(form, QStringLiteral("i-1"));
        QSignalSpy finished(&dialog, &QDialog::finished);
        form.registerButton->click();
        QVERIFY(pending);
        QTRY_COMPARE(silent.requests().size(), 1); // it is on the wire
        QVERIFY(form.cancelButton->isEnabled());
        form.cancelButton->click();
        QCOMPARE(finished.count(), 1);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(pending.isNull());
        QVERIFY(!dialog.isSending());
        QVERIFY(form.formArea->isEnabled()); // ready should it be shown again
        QVERIFY(form.registerButton->isEnabled());
    }

    // Destroyed while waiting (e.g. its window closed): nothing calls back into it.
    auto *dialog = new RegisterDialog({QStringLiteral("prod")}, send);
    dialog->show();
    typeValidForm(Form(dialog), QStringLiteral("i-2"));
    Form(dialog).registerButton->click();
    QVERIFY(pending);
    QTRY_COMPARE(silent.requests().size(), 2);
    delete dialog;
    QVERIFY(pending.isNull());
    QCoreApplication::processEvents(); // any queued finished() would land here
}

QTEST_MAIN(TstRegisterDialog)
#include "tst_registerdialog.moc"
