// StringPool: shares equal texts and forgets the ones nobody uses any more.
#include "stringpool.h"

#include <QTest>

using namespace stellmap;

class TstStringPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharesEqualTexts();
    void churnDoesNotAccumulate();
};

void TstStringPool::sharesEqualTexts()
{
    StringPool pool;
    const QString first = pool.intern(QString::fromUtf8("az1"));
    const QString second = pool.intern(QString::fromUtf8("az1"));
    QCOMPARE(first.constData(), second.constData());
    QCOMPARE(pool.size(), 1);
    QVERIFY(pool.intern(QString()).isNull());
}

void TstStringPool::churnDoesNotAccumulate()
{
    StringPool pool;
    const QString kept = pool.intern(QString::fromUtf8("kept"));
    // 100k distinct texts that are dropped right away (pids of restarted instances).
    for (int i = 0; i < 100000; ++i) {
        pool.intern(QStringLiteral("pid-%1").arg(i));
    }
    QVERIFY2(pool.size() < 5000, qPrintable(QString::number(pool.size())));
    pool.prune();
    QCOMPARE(pool.size(), 1);
    QCOMPARE(pool.intern(QString::fromUtf8("kept")).constData(), kept.constData());
}

QTEST_GUILESS_MAIN(TstStringPool)
#include "tst_stringpool.moc"
