#pragma once

#include "stellmapreply.h"

namespace stellmap {

/*!
 * Reply of register, deregister and heartbeat. On success serverMessage()
 * is the server's confirmation ("instance registered", ...).
 */
class WriteReply : public StellMapReply
{
    Q_OBJECT

public:
    explicit WriteReply(QObject *parent)
        : StellMapReply(parent)
    {}
};

} // namespace stellmap
