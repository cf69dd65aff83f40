#pragma once

#include "instance.h"
#include "stellmapreply.h"

#include <QList>

namespace stellmap {

//! Reply of a query: the live instances that matched, in the server's order.
class QueryReply : public StellMapReply
{
    Q_OBJECT

public:
    explicit QueryReply(QObject *parent)
        : StellMapReply(parent)
    {}

    //! Empty until finished() with no error.
    const QList<Instance> &instances() const { return m_instances; }

protected:
    bool readData(const ApiEnvelope &envelope, QString *error) override;

private:
    QList<Instance> m_instances;
};

} // namespace stellmap
