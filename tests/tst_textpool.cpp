// TextPool: equal texts are one SharedText, and texts nobody holds any more go.
#include "textpool.h"

#include <QTest>

using namespace stellmap;

class TstTextPool : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sharesEqualTexts();
    void churnDoesNotAccumulate();
    void textsOutliveThePool();
};

void TstTextPool::sharesEqualTexts()
{
    TextPool pool;
    const SharedText *first = pool.intern(QByteArrayView("az1"));
    const SharedText *second = pool.intern(QString::fromUtf8("az1"));
    QCOMPARE(first, second);
    QCOMPARE(first->text(), QStringLiteral("az1"));
    QCOMPARE(first->utf8(), QByteArrayView("az1"));
    QCOMPARE(pool.size(), 1);
    QVERIFY(!pool.intern(QByteArrayView()));
    QVERIFY(!pool.intern(QString()));
    SharedText::release(first);
    SharedText::release(second);
}

void TstTextPool::churnDoesNotAccumulate()
{
    TextPool pool;
    const SharedText *kept = pool.intern(QByteArrayView("kept"));
    // 100k distinct texts released right away (build ids of restarted instances).
    for (int i = 0; i < 100000; ++i) {
        const QByteArray pid = QByteArray("pid-").append(QByteArray::number(i));
        SharedText::release(pool.intern(QByteArrayView(pid)));
    }
    QVERIFY2(pool.size() < 10000, qPrintable(QString::number(pool.size())));
    pool.prune();
    QCOMPARE(pool.size(), 1);
    const SharedText *again = pool.intern(QByteArrayView("kept"));
    QCOMPARE(again, kept);
    SharedText::release(again);
    SharedText::release(kept);
}

void TstTextPool::textsOutliveThePool()
{
    const SharedText *text = nullptr;
    {
        TextPool pool;
        text = pool.intern(QString::fromUtf8("zone-\u00e9"));
    }
    QCOMPARE(text->text(), QString::fromUtf8("zone-\u00e9"));
    SharedText::release(text);
}

QTEST_GUILESS_MAIN(TstTextPool)
#include "tst_textpool.moc"
