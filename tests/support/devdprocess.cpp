#include "devdprocess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#include <csignal>

DevdProcess::DevdProcess(QObject *parent)
    : QObject(parent)
{}

DevdProcess::~DevdProcess()
{
    kill();
}

QString DevdProcess::binary()
{
    return QStringLiteral(STELLMAP_DEVD_BINARY);
}

bool DevdProcess::start(const QStringList &extraArguments, int nodes, quint16 port)
{
    kill();
    m_nodes = nodes;
    m_arguments = QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(port),
                              QStringLiteral("--nodes"), QString::number(nodes)} +
                  extraArguments;
    m_process = new QProcess(this);
    m_process->setProgram(binary());
    m_process->setArguments(m_arguments);
    m_stderr.clear();
    connect(m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process->readAllStandardError(); });
    m_process->start();
    if (!m_process->waitForStarted(10000)) {
        m_error = QStringLiteral("cannot start %1: %2").arg(binary(), m_process->errorString());
        return false;
    }
    m_ports.clear();
    QByteArray output;
    static const QRegularExpression listening(
        QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
    const QDeadlineTimer deadline(15000);
    while (m_ports.size() < nodes && !deadline.hasExpired()) {
        if (m_process->state() != QProcess::Running) {
            m_stderr += m_process->readAllStandardError();
            m_error = QStringLiteral("stellmap-devd exited: %1").arg(QString::fromUtf8(m_stderr));
            return false;
        }
        m_process->waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        output += m_process->readAllStandardOutput();
        static const QRegularExpression admin(
            QStringLiteral("admin on http://127\\.0\\.0\\.1:(\\d+)"));
        m_ports.clear();
        m_adminPorts.clear();
        auto it = listening.globalMatch(QString::fromUtf8(output));
        while (it.hasNext()) {
            m_ports.append(quint16(it.next().captured(1).toUInt()));
        }
        it = admin.globalMatch(QString::fromUtf8(output));
        while (it.hasNext()) {
            m_adminPorts.append(quint16(it.next().captured(1).toUInt()));
        }
    }
    if (m_ports.size() < nodes) {
        m_error = QStringLiteral("stellmap-devd did not report %1 listening nodes").arg(nodes);
        return false;
    }
    return true;
}

bool DevdProcess::restart()
{
    QStringList extra = m_arguments.mid(4);
    return start(extra, m_nodes, m_ports.value(0));
}

void DevdProcess::kill()
{
    if (!m_process) {
        return;
    }
    if (m_process->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_process->processId()), SIGKILL);
        m_process->waitForFinished(10000);
    }
    m_stderr += m_process->readAllStandardError();
    delete m_process;
    m_process = nullptr;
    // In sanitizer builds a report from the child must fail the test run.
    for (const char *marker :
         {"ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer"}) {
        if (m_stderr.contains(marker)) {
            qFatal("stellmap-devd reported a sanitizer finding:\n%s", m_stderr.constData());
        }
    }
}

void DevdProcess::terminate()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        m_process->waitForFinished(10000);
    }
}

bool DevdProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

quint16 DevdProcess::port(int node) const
{
    return m_ports.value(node - 1);
}

quint16 DevdProcess::adminPort(int node) const
{
    return m_adminPorts.value(node - 1);
}

QUrl DevdProcess::url(int node) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port(node)));
}

QString DevdProcess::address(int node) const
{
    return QStringLiteral("127.0.0.1:%1").arg(port(node));
}

int DevdProcess::runToExit(const QStringList &arguments, QByteArray *standardOutput,
                           QByteArray *standardError, int timeoutMs)
{
    QProcess process;
    process.start(binary(), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    if (standardOutput) {
        *standardOutput = process.readAllStandardOutput();
    }
    if (standardError) {
        *standardError = process.readAllStandardError();
    }
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}
