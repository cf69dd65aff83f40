// AuditLogModel and AuditLogDialog: newest first, failures in red, filter,
// reload and live appends, the file's path shown.
#include "auditlog.h"
#include "auditlogdialog.h"
#include "auditlogmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace stellmap;

namespace {

AuditEntry entry(int n, const QString &result, const QString &service = QStringLiteral("api"))
{
    AuditEntry e;
    e.time = QDateTime(QDate(2024, 5, 6), QTime(7, 8, n % 60), Qt::UTC);
    e.profile = QStringLiteral("prod");
    e.server = QStringLiteral("https://node-1:8443");
    e.action = QStringLiteral("deregister");
    e.namespaceName = QStringLiteral("payments");
    e.service = service;
    e.instanceId = QStringLiteral("i-%1").arg(n);
    e.result = result;
    e.message = result == QLatin1String("ok") ? QString() : QStringLiteral("line one\nline two");
    return e;
}

QStringList column(const QAbstractItemModel *model, int column)
{
    QStringList values;
    for (int row = 0; row < model->rowCount(); ++row) {
        values.append(model->index(row, column).data().toString());
    }
    return values;
}

} // namespace

class TstAuditLogDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelChanges();
    void resultColors_data();
    void resultColors();
    void dialog();
};

void TstAuditLogDialog::modelChanges()
{
    AuditLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(AuditLogModel::ColumnCount));
    model.setCapacity(3);
    model.setEntries({entry(5, QStringLiteral("ok")), entry(4, QStringLiteral("ok")),
                      entry(3, QStringLiteral("ok")), entry(2, QStringLiteral("ok"))});
    QCOMPARE(column(&model, AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-5"), QStringLiteral("i-4"), QStringLiteral("i-3")}));
    model.prepend(entry(6, QStringLiteral("unavailable")));
    QCOMPARE(column(&model, AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-6"), QStringLiteral("i-5"), QStringLiteral("i-4")}));
    model.setCapacity(1);
    QCOMPARE(column(&model, AuditLogModel::InstanceColumn), QStringList{QStringLiteral("i-6")});
    QCOMPARE(model.index(0, AuditLogModel::MessageColumn).data().toString(),
             QStringLiteral("line one line two"));
    QCOMPARE(model.index(0, AuditLogModel::MessageColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("line one\nline two"));
    QCOMPARE(model.index(0, AuditLogModel::TimeColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("2024-05-06T07:08:06.000Z"));
    model.setEntries({});
    QCOMPARE(model.rowCount(), 0);
}

void TstAuditLogDialog::resultColors_data()
{
    QTest::addColumn<QString>("result");
    QTest::addColumn<bool>("red");
    QTest::newRow("ok") << QStringLiteral("ok") << false;
    QTest::newRow("unavailable") << QStringLiteral("unavailable") << true;
    QTest::newRow("not_found") << QStringLiteral("not_found") << true;
    QTest::newRow("validation") << QStringLiteral("validation") << true;
}

void TstAuditLogDialog::resultColors()
{
    QFETCH(QString, result);
    QFETCH(bool, red);
    AuditLogModel model;
    model.setEntries({entry(1, result)});
    const QVariant color = model.index(0, AuditLogModel::ResultColumn).data(Qt::ForegroundRole);
    QCOMPARE(color.isValid(), red);
    if (red) {
        QCOMPARE(color.value<QColor>(), QColor(Qt::red));
    }
    // Only the result cell is coloured.
    QVERIFY(!model.index(0, AuditLogModel::ServiceColumn).data(Qt::ForegroundRole).isValid());
}

void TstAuditLogDialog::dialog()
{
    QTemporaryDir dir;
    AuditLog log(dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(log.append(entry(1, QStringLiteral("ok"), QStringLiteral("billing"))));
    QVERIFY(log.append(entry(2, QStringLiteral("not_found"), QStringLiteral("search"))));

    AuditLogDialog dialog(&log);
    QAbstractItemModelTester modelTester(dialog.model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester proxyTester(dialog.filteredModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.isModal());
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Audit log"));
    auto *path = dialog.findChild<QLabel *>(QStringLiteral("path"));
    QVERIFY(path);
    QCOMPARE(path->text(), QDir::toNativeSeparators(log.path()));

    auto *view = dialog.findChild<QTableView *>(QStringLiteral("entries"));
    QVERIFY(view);
    QCOMPARE(column(view->model(), AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-2"), QStringLiteral("i-1")}));

    // Appends while open show up at once, as the newest row.
    QVERIFY(log.append(entry(3, QStringLiteral("unavailable"), QStringLiteral("billing"))));
    QCOMPARE(column(view->model(), AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-3"), QStringLiteral("i-2"), QStringLiteral("i-1")}));

    auto *filter = dialog.findChild<QLineEdit *>(QStringLiteral("filter"));
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("BILLING"));
    QCOMPARE(column(view->model(), AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-3"), QStringLiteral("i-1")}));
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("count"))->text(),
             QStringLiteral("2 of 3 records"));
    filter->setText(QStringLiteral("not_found"));
    QCOMPARE(column(view->model(), AuditLogModel::InstanceColumn),
             QStringList{QStringLiteral("i-2")});
    filter->clear();

    // Another process wrote to the file: Reload picks it up.
    AuditLog other(log.path());
    QVERIFY(other.append(entry(4, QStringLiteral("ok"))));
    QCOMPARE(view->model()->rowCount(), 3);
    auto *reload = dialog.findChild<QPushButton *>(QStringLiteral("reload"));
    QVERIFY(reload);
    QTest::mouseClick(reload, Qt::LeftButton);
    QCOMPARE(column(view->model(), AuditLogModel::InstanceColumn),
             (QStringList{QStringLiteral("i-4"), QStringLiteral("i-3"), QStringLiteral("i-2"),
                          QStringLiteral("i-1")}));
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("count"))->text(),
             QStringLiteral("4 records"));
}

QTEST_MAIN(TstAuditLogDialog)
#include "tst_auditlogdialog.moc"
