#pragma once

#include <QList>
#include <QString>

namespace stellmap {

/*!
 * Who is in the local cluster and who leads. All nodes of one stellmap-devd
 * process share it (and the store), as followers share a replicated log.
 */
struct ClusterState
{
    struct Node
    {
        quint64 id = 0;
        //! host:port of the node's public API, as configured.
        QString httpAddr;
        //! host:port of the node's admin listener; empty without one.
        QString adminAddr;
    };

    QList<Node> nodes;
    //! 0 while there is no leader (during an election).
    quint64 leaderId = 1;
    //! The Raft term: one more per election.
    quint64 term = 2;
    //! Region and cluster id reported in Prometheus service discovery labels.
    QString region = QStringLiteral("default");
    QString clusterId = QStringLiteral("100");

    QString httpAddr(quint64 nodeId) const
    {
        for (const Node &node : nodes) {
            if (node.id == nodeId) {
                return node.httpAddr;
            }
        }
        return QString();
    }
    QString leaderAddr() const { return leaderId == 0 ? QString() : httpAddr(leaderId); }
    QString adminAddr(quint64 nodeId) const
    {
        for (const Node &node : nodes) {
            if (node.id == nodeId) {
                return node.adminAddr;
            }
        }
        return QString();
    }
    bool hasNode(quint64 nodeId) const { return !httpAddr(nodeId).isEmpty(); }
};

} // namespace stellmap
