#pragma once

#include <QObject>
#include <QProcess>
#include <QUrl>

/*!
 * The --demo profile's registry: a child `stellmap-devd --demo --churn` on a
 * free port, stopped (SIGTERM, then SIGKILL) when the browser exits.
 */
class DemoRegistry : public QObject
{
    Q_OBJECT

public:
    explicit DemoRegistry(QObject *parent = nullptr);
    ~DemoRegistry() override;

    //! Starts the child and waits until it listens; false with errorString() set.
    bool start();
    QUrl url() const { return m_url; }
    QString errorString() const { return m_error; }
    //! The demo's namespaces.
    static QStringList namespaces();

private:
    static QString binary();

    QProcess m_process;
    QUrl m_url;
    QString m_error;
};
