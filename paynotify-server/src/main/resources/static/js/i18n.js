// The console's words in English and Simplified Chinese, and numbers and dates in the chosen locale.
// The dictionaries are plain object literals of quoted strings: ConsoleMessagesTest reads them as
// lenient JSON to check that both hold the same keys and every key the pages use.

const en = {
  'app.title': 'Paynotify console',
  'app.loading': 'Loading…',
  'app.pageFailed': 'Could not load this page',
  'app.noPage': 'No such page.',

  'nav.notifications': 'Notifications',
  'nav.payments': 'Payments',
  'payments.id': 'Payment id',
  'payments.find': 'Show',
  'payments.hint': 'Choose a merchant and enter a payment id to see the payment with its status history and notifications.',
  'payments.refunded': 'Refunded',
  'payments.paidAt': 'Paid at',
  'payments.refundedAt': 'Last refund at',
  'payments.when': 'When',
  'payments.from': 'From',
  'payments.to': 'To',
  'payments.refund': 'Refund',
  'payments.reason': 'Reason',
  'payments.notification': 'Notification',
  'payments.refused': 'refused',
  'payments.history': 'Status history',
  'payments.notifications': 'Notifications',
  'nav.dashboard': 'Dashboard',
  'nav.bulk': 'Bulk actions',
  'nav.merchants': 'Merchants',
  'nav.policies': 'Retry policies',
  'nav.tokens': 'Tokens',
  'nav.audit': 'Audit log',

  'login.title': 'Log in to Paynotify',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Log in',
  'login.token': 'API token',
  'login.submitToken': 'Log in with a token',
  'login.singleSignOn': 'Log in with {name}',
  'login.logout': 'Log out',
  'login.who': '{name} ({role})',

  'common.any': 'any',
  'common.all': 'all',
  'common.copy': 'Copy',
  'common.copied': 'Copied',
  'common.save': 'Save',
  'common.saved': 'Saved',
  'common.name': 'Name',
  'common.merchant': 'Merchant',
  'common.channel': 'Channel',
  'common.status': 'Status',
  'common.createdFrom': 'Created from',
  'common.createdBefore': 'Created before',
  'common.updated': 'Updated',
  'common.newer': '‹ Newer',
  'common.older': 'Older ›',
  'common.newest': '« Newest',
  'common.shownOnce': ' — shown only now. ',
  'common.noData': 'No data.',

  'status.PENDING': 'PENDING',
  'status.DELIVERING': 'DELIVERING',
  'status.SUCCEEDED': 'SUCCEEDED',
  'status.FAILED': 'FAILED',
  'status.ABANDONED': 'ABANDONED',
  'status.ACTIVE': 'ACTIVE',
  'status.DISABLED': 'DISABLED',
  'status.revoked': 'revoked',

  'role.admin': 'admin',
  'role.operator': 'operator',
  'role.viewer': 'viewer',
  'role.producer': 'producer',

  'alert.NOTIFICATION_FAILED': 'NOTIFICATION_FAILED',
  'alert.FAILURE_RATE': 'FAILURE_RATE',
  'alert.BACKLOG_AGE': 'BACKLOG_AGE',

  'search.orderNo': 'Order no',
  'search.id': 'Notify id',
  'search.idPlaceholder': 'exact id',
  'search.submit': 'Search',
  'search.clear': 'Clear',
  'search.created': 'Created',
  'search.amount': 'Amount',
  'search.payment': 'Payment',
  'search.attempts': 'Attempts',
  'search.lastHttp': 'Last HTTP',
  'search.nextAttempt': 'Next attempt',
  'search.error': 'error',
  'search.none': 'No notifications match.',
  'search.noneFound': '0 found',
  'search.range': '{from}–{to} of {total}, newest first',
  'search.moreThan': 'more than {count}',
  'search.title': 'Notifications',
  'search.retrying': 'needs a retry',

  'detail.retry': 'Retry now',
  'detail.retried': 'Retry scheduled for now',
  'detail.reason': 'reason (required)',
  'detail.giveReason': 'Give a reason to abandon',
  'detail.confirmAbandon': 'Abandon {id}? Paynotify will stop retrying it.',
  'detail.abandoned': 'Abandoned',
  'detail.abandon': 'Abandon…',
  'detail.transaction': 'Transaction',
  'detail.paymentStatus': 'Payment status',
  'detail.refund': ' (refund {amount})',
  'detail.notifyUrl': 'Notify URL',
  'detail.retryPolicy': 'Retry policy',
  'detail.attemptsOf': '{done} of {max}',
  'detail.completed': 'Completed',
  'detail.idempotencyKey': 'Idempotency key',
  'detail.abandonReason': 'Abandon reason',
  'detail.paidAt': 'Paid at',
  'detail.refundedAt': 'Refunded at',
  'detail.headers': 'Headers',
  'detail.nextAttemptIn': 'Next attempt {when}',
  'detail.noAttempt': 'No attempt yet',
  'detail.asSent': 'POST {url} — as it would be sent now, signed with the current keys',
  'detail.copyCurl': 'Copy as curl',
  'detail.noCallback': 'Cannot build the callback: {error}',
  'detail.payload': 'Payload',
  'detail.attempts': 'Attempts',

  'bulk.title': 'Bulk actions',
  'bulk.retryTitle': 'Retry the FAILED notifications of a merchant',
  'bulk.abandonTitle': 'Abandon many with one reason',
  'bulk.hint': 'Choose a merchant and a time range, then count.',
  'bulk.rate': 'Rate (per second)',
  'bulk.count': 'Count',
  'bulk.counted': '{count} FAILED notifications match.',
  'bulk.tooMany': 'More than {max} FAILED notifications match; a run retries at most {max}.',
  'bulk.start': 'Start retrying',
  'bulk.collecting': 'Collecting…',
  'bulk.collectingCount': 'Collecting… {count}',
  'bulk.nothing': 'Nothing to retry.',
  'bulk.confirmRetry': 'Retry {count} FAILED notifications at {rate} a second?',
  'bulk.cancelled': 'Cancelled.',
  'bulk.pause': 'Pause',
  'bulk.resume': 'Resume',
  'bulk.stop': 'Stop',
  'bulk.progress': '{done} of {total} sent, {retried} retried',
  'bulk.done': 'Done: {done} of {total} sent, {retried} retried.',
  'bulk.stopped': 'Stopped: {done} of {total} sent, {retried} retried.',
  'bulk.idsPlaceholder': 'one notify id a line',
  'bulk.load': 'Load matching ids',
  'bulk.loaded': '{count} ids loaded.',
  'bulk.reason': 'one reason for all',
  'bulk.giveIds': 'Give ids and a reason',
  'bulk.confirmAbandon': 'Abandon {count} notifications with the reason “{reason}”?',
  'bulk.abandonProgress': '{done} of {total} sent, {abandoned} abandoned',
  'bulk.abandoned': '{count} abandoned',
  'bulk.abandonAll': 'Abandon all',

  'dashboard.title': 'Dashboard',
  'dashboard.range': 'Range',
  'dashboard.lastHour': 'Last hour',
  'dashboard.last24h': 'Last 24 hours',
  'dashboard.last7d': 'Last 7 days',
  'dashboard.notifications': 'Notifications',
  'dashboard.successRate': 'Success rate',
  'dashboard.succeededCount': '{count} succeeded',
  'dashboard.failed': 'Failed',
  'dashboard.abandonedCount': '{count} abandoned',
  'dashboard.attempts': 'Attempts',
  'dashboard.inRange': 'in the range',
  'dashboard.latencyP': 'Latency {p}',
  'dashboard.perAttempt': 'per attempt',
  'dashboard.latencyAvg': 'Latency avg',
  'dashboard.latencyMax': 'max {value}',
  'dashboard.deliveries': 'Deliveries',
  'dashboard.rateAndLatency': 'Success rate and attempt latency',
  'dashboard.legendSucceeded': 'succeeded',
  'dashboard.legendFailed': 'failed',
  'dashboard.legendAbandoned': 'abandoned',
  'dashboard.legendRate': 'success rate',
  'dashboard.emptyRange': 'Nothing was created in this range.',
  'dashboard.totalsOnly': 'This server reports totals only; charts appear when /api/v1/stats returns a time series.',
  'dashboard.backlog': 'Backlog',
  'dashboard.dueNow': 'Due now',
  'dashboard.waitingClaim': 'waiting to be claimed',
  'dashboard.scheduled': 'Scheduled',
  'dashboard.pending': 'Pending',
  'dashboard.waitingLater': 'waiting for a later attempt',
  'dashboard.delivering': 'Delivering',
  'dashboard.inFlight': 'attempt in flight',
  'dashboard.oldestDue': 'Oldest due',
  'dashboard.age': 'age',
  'dashboard.total': 'Total',
  'dashboard.succeeded': 'Succeeded',
  'dashboard.show': 'show',
  'dashboard.noFailing': 'No merchant has failed notifications in this range.',
  'dashboard.alerts': 'Open alerts ({count})',
  'dashboard.opened': 'Opened',
  'dashboard.kind': 'Kind',
  'dashboard.message': 'Message',
  'dashboard.noAlerts': 'No open alerts.',
  'dashboard.byChannel': 'By channel',
  'dashboard.ingest': 'Broker ingestion',
  'dashboard.ingestSource': 'Source',
  'dashboard.ingestCreated': 'Created',
  'dashboard.ingestExisting': 'Repeats',
  'dashboard.ingestDeadLettered': 'Dead-lettered',
  'dashboard.ingestSince': 'Messages taken by this node since it started; dead-lettered ones are in the dead-letter topic or queue with their reason.',
  'dashboard.mostFailures': 'Merchants with the most failures',
  'dashboard.latencyScaled': 'Latency lines are scaled to their peak, {peak}.',
  'dashboard.barTitle': '{when}: {count} {what}',

  'merchants.title': 'Merchants',
  'merchants.secretOf': 'Webhook secret of {id}',
  'merchants.id': 'Id',
  'merchants.callbackHosts': 'Callback hosts',
  'merchants.register': 'Register',
  'merchants.registerTitle': 'Register a merchant',
  'merchants.confirmDisable': 'Disable {id}? New notifications for it are refused.',
  'merchants.disable': 'Disable',
  'merchants.enable': 'Enable',
  'merchants.confirmRotate': 'Rotate the webhook secret? Callbacks carry the old signature too for 24 hours.',
  'merchants.newSecret': 'New webhook secret',
  'merchants.rotate': 'Rotate webhook secret',
  'merchants.appId': 'App id',
  'merchants.mchId': 'Mch id',
  'merchants.signType': 'Sign type',
  'merchants.publicKeyId': 'Public key id',
  'merchants.keysHeld': 'Keys held',
  'merchants.rotation': 'Rotation',
  'merchants.oldSecretUntil': 'Old secret valid until',
  'merchants.publicKey': 'Public key (the merchant verifies with it)',
  'merchants.createdUpdated': 'Created {created}; updated {updated}. ',
  'merchants.itsNotifications': 'Its notifications',
  'merchants.channels': 'Channels',
  'merchants.setCredentials': 'Set Alipay and WeChat Pay credentials with PUT {path}.',

  'ack.title': 'Acknowledgement of webhook callbacks',
  'ack.current': 'A WEBHOOK callback is acknowledged by {rule}.',
  'ack.any2xx': 'any 2xx answer',
  'ack.bodyEqualsIs': 'a 2xx whose body is {text}',
  'ack.jsonFieldIs': 'a 2xx whose JSON field {field} is {value}',
  'ack.type': 'Rule',
  'ack.type.ANY_2XX': 'Any 2xx',
  'ack.type.BODY_EQUALS': 'A 2xx with this body',
  'ack.type.JSON_FIELD': 'A 2xx with this JSON field',
  'ack.text': 'Body',
  'ack.field': 'JSON field',
  'ack.value': 'Value',

  'test.title': 'Send a test notification',
  'test.hint': 'A sample paid order of 0.01 CNY, signed with the merchant\'s real keys, sent to the URL below. It is not stored.',
  'test.channel': 'Channel',
  'test.url': 'URL',
  'test.send': 'Send test',
  'test.sending': 'Sending…',
  'test.acknowledged': 'Acknowledged',
  'test.notAcknowledged': 'Not acknowledged',
  'test.answer': 'HTTP {status} in {ms} ms',
  'test.response': 'The merchant answered',
  'test.sent': 'Sent to {url}',

  'policies.title': 'Retry policies',
  'policies.saved': 'Saved {name}',
  'policies.intervals': 'Intervals',
  'policies.timeout': 'Timeout',
  'policies.attempts': 'Attempts',
  'policies.define': 'Define',
  'policies.builtIn': 'built in',
  'policies.edit': 'Edit',
  'policies.defineTitle': 'Define or change a policy',

  'tokens.title': 'API tokens',
  'tokens.issued': 'Token {name} ({role})',
  'tokens.role': 'Role',
  'tokens.roleProducer': 'producer — create only',
  'tokens.roleViewer': 'viewer — read only',
  'tokens.roleOperator': 'operator — retry, abandon',
  'tokens.roleAdmin': 'admin — everything',
  'tokens.merchants': 'Merchants',
  'tokens.merchantsPlaceholder': 'all, or shop-1, shop-2',
  'tokens.issue': 'Issue token',
  'tokens.issuedAt': 'Issued',
  'tokens.by': 'By',
  'tokens.state': 'State',
  'tokens.active': 'active',
  'tokens.confirmRevoke': 'Revoke the token {name}? Whoever uses it is refused from now on.',
  'tokens.revoke': 'Revoke',

  'audit.title': 'Audit log',
  'audit.when': 'When',
  'audit.who': 'Who',
  'audit.what': 'What',
  'audit.target': 'Target',
  'audit.detail': 'Detail',
  'audit.nothing': 'Nothing yet.',
  'audit.total': '{count} entries, newest first',
};

const zhCN = {
  'app.title': 'Paynotify 控制台',
  'app.loading': '加载中…',
  'app.pageFailed': '无法加载此页面',
  'app.noPage': '没有这个页面。',

  'nav.notifications': '通知',
  'nav.payments': '支付',
  'payments.id': '支付单号',
  'payments.find': '查看',
  'payments.hint': '选择商户并输入支付单号，查看该支付及其状态历史和通知。',
  'payments.refunded': '已退款',
  'payments.paidAt': '支付时间',
  'payments.refundedAt': '最近退款时间',
  'payments.when': '时间',
  'payments.from': '原状态',
  'payments.to': '新状态',
  'payments.refund': '退款',
  'payments.reason': '原因',
  'payments.notification': '通知',
  'payments.refused': '已拒绝',
  'payments.history': '状态历史',
  'payments.notifications': '通知',
  'nav.dashboard': '仪表盘',
  'nav.bulk': '批量操作',
  'nav.merchants': '商户',
  'nav.policies': '重试策略',
  'nav.tokens': '令牌',
  'nav.audit': '审计日志',

  'login.title': '登录 Paynotify',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.token': 'API 令牌',
  'login.submitToken': '使用令牌登录',
  'login.singleSignOn': '使用 {name} 登录',
  'login.logout': '退出登录',
  'login.who': '{name}（{role}）',

  'common.any': '全部',
  'common.all': '全部',
  'common.copy': '复制',
  'common.copied': '已复制',
  'common.save': '保存',
  'common.saved': '已保存',
  'common.name': '名称',
  'common.merchant': '商户',
  'common.channel': '渠道',
  'common.status': '状态',
  'common.createdFrom': '创建时间起',
  'common.createdBefore': '创建时间止',
  'common.updated': '更新时间',
  'common.newer': '‹ 较新',
  'common.older': '较早 ›',
  'common.newest': '« 最新',
  'common.shownOnce': ' — 仅显示这一次。',
  'common.noData': '暂无数据。',

  'status.PENDING': '待投递',
  'status.DELIVERING': '投递中',
  'status.SUCCEEDED': '成功',
  'status.FAILED': '失败',
  'status.ABANDONED': '已放弃',
  'status.ACTIVE': '启用',
  'status.DISABLED': '已停用',
  'status.revoked': '已吊销',

  'role.admin': '管理员',
  'role.operator': '操作员',
  'role.viewer': '只读用户',
  'role.producer': '生产者',

  'alert.NOTIFICATION_FAILED': '通知最终失败',
  'alert.FAILURE_RATE': '失败率过高',
  'alert.BACKLOG_AGE': '积压等待过久',

  'search.orderNo': '订单号',
  'search.id': '通知 ID',
  'search.idPlaceholder': '完整 ID',
  'search.submit': '搜索',
  'search.clear': '清除',
  'search.created': '创建时间',
  'search.amount': '金额',
  'search.payment': '支付结果',
  'search.attempts': '尝试次数',
  'search.lastHttp': '最近 HTTP',
  'search.nextAttempt': '下次尝试',
  'search.error': '错误',
  'search.none': '没有匹配的通知。',
  'search.noneFound': '共 0 条',
  'search.range': '第 {from}–{to} 条，共 {total} 条，最新的在前',
  'search.moreThan': '超过 {count}',
  'search.title': '通知',
  'search.retrying': '等待重试',

  'detail.retry': '立即重试',
  'detail.retried': '已安排立即重试',
  'detail.reason': '原因（必填）',
  'detail.giveReason': '请填写放弃的原因',
  'detail.confirmAbandon': '放弃 {id}？Paynotify 将不再重试它。',
  'detail.abandoned': '已放弃',
  'detail.abandon': '放弃…',
  'detail.transaction': '交易号',
  'detail.paymentStatus': '支付结果',
  'detail.refund': '（退款 {amount}）',
  'detail.notifyUrl': '通知地址',
  'detail.retryPolicy': '重试策略',
  'detail.attemptsOf': '{done} / {max}',
  'detail.completed': '完成时间',
  'detail.idempotencyKey': '幂等键',
  'detail.abandonReason': '放弃原因',
  'detail.paidAt': '支付时间',
  'detail.refundedAt': '退款时间',
  'detail.headers': '请求头',
  'detail.nextAttemptIn': '下次尝试：{when}',
  'detail.noAttempt': '尚未尝试',
  'detail.asSent': 'POST {url} — 即现在发送时的样子，用当前密钥签名',
  'detail.copyCurl': '复制为 curl',
  'detail.noCallback': '无法生成回调：{error}',
  'detail.payload': '报文',
  'detail.attempts': '尝试记录',

  'bulk.title': '批量操作',
  'bulk.retryTitle': '重试某商户的失败通知',
  'bulk.abandonTitle': '以同一原因批量放弃',
  'bulk.hint': '选择商户和时间范围，然后统计。',
  'bulk.rate': '速率（每秒）',
  'bulk.count': '统计',
  'bulk.counted': '匹配到 {count} 条失败（FAILED）通知。',
  'bulk.tooMany': '匹配的失败（FAILED）通知超过 {max} 条；一次最多重试 {max} 条。',
  'bulk.start': '开始重试',
  'bulk.collecting': '正在收集…',
  'bulk.collectingCount': '正在收集… {count}',
  'bulk.nothing': '没有需要重试的通知。',
  'bulk.confirmRetry': '以每秒 {rate} 条的速率重试 {count} 条失败（FAILED）通知？',
  'bulk.cancelled': '已取消。',
  'bulk.pause': '暂停',
  'bulk.resume': '继续',
  'bulk.stop': '停止',
  'bulk.progress': '已发送 {done} / {total}，已重试 {retried}',
  'bulk.done': '完成：已发送 {done} / {total}，已重试 {retried}。',
  'bulk.stopped': '已停止：已发送 {done} / {total}，已重试 {retried}。',
  'bulk.idsPlaceholder': '每行一个通知 ID',
  'bulk.load': '载入匹配的 ID',
  'bulk.loaded': '已载入 {count} 个 ID。',
  'bulk.reason': '统一的放弃原因',
  'bulk.giveIds': '请填写 ID 和原因',
  'bulk.confirmAbandon': '以原因“{reason}”放弃 {count} 条通知？',
  'bulk.abandonProgress': '已发送 {done} / {total}，已放弃 {abandoned}',
  'bulk.abandoned': '已放弃 {count} 条',
  'bulk.abandonAll': '全部放弃',

  'dashboard.title': '仪表盘',
  'dashboard.range': '时间范围',
  'dashboard.lastHour': '最近 1 小时',
  'dashboard.last24h': '最近 24 小时',
  'dashboard.last7d': '最近 7 天',
  'dashboard.notifications': '通知数',
  'dashboard.successRate': '成功率',
  'dashboard.succeededCount': '成功 {count}',
  'dashboard.failed': '失败',
  'dashboard.abandonedCount': '已放弃 {count}',
  'dashboard.attempts': '尝试次数',
  'dashboard.inRange': '范围内',
  'dashboard.latencyP': '延迟 {p}',
  'dashboard.perAttempt': '每次尝试',
  'dashboard.latencyAvg': '平均延迟',
  'dashboard.latencyMax': '最大 {value}',
  'dashboard.deliveries': '投递',
  'dashboard.rateAndLatency': '成功率与尝试延迟',
  'dashboard.legendSucceeded': '成功',
  'dashboard.legendFailed': '失败',
  'dashboard.legendAbandoned': '已放弃',
  'dashboard.legendRate': '成功率',
  'dashboard.emptyRange': '此范围内没有创建任何通知。',
  'dashboard.totalsOnly': '此服务器只提供总数；/api/v1/stats 返回时间序列时才显示图表。',
  'dashboard.backlog': '积压',
  'dashboard.dueNow': '已到期',
  'dashboard.waitingClaim': '等待领取',
  'dashboard.scheduled': '已排期',
  'dashboard.pending': '待投递',
  'dashboard.waitingLater': '等待之后的尝试',
  'dashboard.delivering': '投递中',
  'dashboard.inFlight': '正在进行的尝试',
  'dashboard.oldestDue': '最久到期',
  'dashboard.age': '等待时长',
  'dashboard.total': '总数',
  'dashboard.succeeded': '成功',
  'dashboard.show': '查看',
  'dashboard.noFailing': '此范围内没有商户出现失败通知。',
  'dashboard.alerts': '未关闭的告警（{count}）',
  'dashboard.opened': '开始时间',
  'dashboard.kind': '类型',
  'dashboard.message': '消息',
  'dashboard.noAlerts': '没有未关闭的告警。',
  'dashboard.byChannel': '按渠道',
  'dashboard.ingest': '消息队列接入',
  'dashboard.ingestSource': '来源',
  'dashboard.ingestCreated': '已创建',
  'dashboard.ingestExisting': '重复',
  'dashboard.ingestDeadLettered': '死信',
  'dashboard.ingestSince': '本节点自启动以来接收的消息；死信连同原因在死信主题或队列中。',
  'dashboard.mostFailures': '失败最多的商户',
  'dashboard.latencyScaled': '延迟曲线按其峰值 {peak} 缩放。',
  'dashboard.barTitle': '{when}：{what} {count}',

  'merchants.title': '商户',
  'merchants.secretOf': '{id} 的 Webhook 密钥',
  'merchants.id': 'ID',
  'merchants.callbackHosts': '回调主机',
  'merchants.register': '注册',
  'merchants.registerTitle': '注册商户',
  'merchants.confirmDisable': '停用 {id}？它的新通知将被拒绝。',
  'merchants.disable': '停用',
  'merchants.enable': '启用',
  'merchants.confirmRotate': '轮换 Webhook 密钥？24 小时内回调仍同时携带旧签名。',
  'merchants.newSecret': '新的 Webhook 密钥',
  'merchants.rotate': '轮换 Webhook 密钥',
  'merchants.appId': 'App ID',
  'merchants.mchId': '商户号',
  'merchants.signType': '签名类型',
  'merchants.publicKeyId': '公钥 ID',
  'merchants.keysHeld': '已保存的密钥',
  'merchants.rotation': '轮换方式',
  'merchants.oldSecretUntil': '旧密钥有效期至',
  'merchants.publicKey': '公钥（商户用它验签）',
  'merchants.createdUpdated': '创建于 {created}；更新于 {updated}。',
  'merchants.itsNotifications': '它的通知',
  'merchants.channels': '渠道',
  'merchants.setCredentials': '用 PUT {path} 设置支付宝和微信支付的凭据。',

  'ack.title': 'Webhook 回调的确认',
  'ack.current': 'WEBHOOK 回调的确认规则：{rule}。',
  'ack.any2xx': '任意 2xx 应答',
  'ack.bodyEqualsIs': '2xx 且正文为 {text}',
  'ack.jsonFieldIs': '2xx 且 JSON 字段 {field} 为 {value}',
  'ack.type': '规则',
  'ack.type.ANY_2XX': '任意 2xx',
  'ack.type.BODY_EQUALS': '2xx 且正文为指定文本',
  'ack.type.JSON_FIELD': '2xx 且 JSON 字段为指定值',
  'ack.text': '正文',
  'ack.field': 'JSON 字段',
  'ack.value': '值',

  'test.title': '发送测试通知',
  'test.hint': '一笔 0.01 CNY 的示例已支付订单，用商户的真实密钥签名，发送到下面的 URL。不会保存。',
  'test.channel': '渠道',
  'test.url': '地址',
  'test.send': '发送测试',
  'test.sending': '发送中…',
  'test.acknowledged': '已确认',
  'test.notAcknowledged': '未确认',
  'test.answer': 'HTTP {status}，用时 {ms} 毫秒',
  'test.response': '商户的应答',
  'test.sent': '发送到 {url}',

  'policies.title': '重试策略',
  'policies.saved': '已保存 {name}',
  'policies.intervals': '间隔',
  'policies.timeout': '超时',
  'policies.attempts': '尝试次数',
  'policies.define': '定义',
  'policies.builtIn': '内置',
  'policies.edit': '编辑',
  'policies.defineTitle': '定义或修改策略',

  'tokens.title': 'API 令牌',
  'tokens.issued': '令牌 {name}（{role}）',
  'tokens.role': '角色',
  'tokens.roleProducer': '生产者 producer — 只能创建通知',
  'tokens.roleViewer': '只读用户 viewer — 只能查看',
  'tokens.roleOperator': '操作员 operator — 重试、放弃',
  'tokens.roleAdmin': '管理员 admin — 全部权限',
  'tokens.merchants': '商户',
  'tokens.merchantsPlaceholder': '留空为全部，或 shop-1, shop-2',
  'tokens.issue': '签发令牌',
  'tokens.issuedAt': '签发时间',
  'tokens.by': '签发人',
  'tokens.state': '状态',
  'tokens.active': '有效',
  'tokens.confirmRevoke': '吊销令牌 {name}？此后使用它的请求都会被拒绝。',
  'tokens.revoke': '吊销',

  'audit.title': '审计日志',
  'audit.when': '时间',
  'audit.who': '操作人',
  'audit.what': '操作',
  'audit.target': '对象',
  'audit.detail': '详情',
  'audit.nothing': '暂无记录。',
  'audit.total': '共 {count} 条，最新的在前',
};

export const LOCALES = ['en', 'zh-CN'];
const dictionaries = { en, 'zh-CN': zhCN };
const STORED = 'paynotify.locale';

let current = initial();

/** The stored choice, else the first of the browser's languages the console speaks, else English. */
function initial() {
  let stored = null;
  try {
    stored = localStorage.getItem(STORED);
  } catch {
    stored = null; // storage may be off; the choice then lasts as long as the page
  }
  if (LOCALES.includes(stored)) return stored;
  for (const tag of navigator.languages?.length ? navigator.languages : [navigator.language ?? 'en']) {
    const lower = String(tag).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function locale() {
  return current;
}

/** Chooses and remembers a locale; the caller re-renders. */
export function setLocale(chosen) {
  if (!LOCALES.includes(chosen)) return;
  current = chosen;
  formatters.clear();
  try {
    localStorage.setItem(STORED, chosen);
  } catch {
    // not remembered, still used
  }
  document.documentElement.lang = chosen;
  window.dispatchEvent(new Event('paynotify:locale'));
}

/** The text of `key` in the current locale, with `{name}` replaced by `params.name`. */
export function t(key, params) {
  const text = dictionaries[current][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
}

// English keeps the browser's own English for formats (en-GB writes 17/05/2026); Chinese is zh-CN.
function formatLocale() {
  if (current !== 'en') return current;
  const english = (navigator.languages ?? []).find(tag => String(tag).toLowerCase().startsWith('en'));
  return english ?? 'en';
}

const formatters = new Map();

function formatter(type, options) {
  const key = type + JSON.stringify(options);
  if (!formatters.has(key)) {
    const make = { number: Intl.NumberFormat, date: Intl.DateTimeFormat, relative: Intl.RelativeTimeFormat }[type];
    formatters.set(key, new make(formatLocale(), options));
  }
  return formatters.get(key);
}

export function number(value) {
  return value == null || Number.isNaN(value) ? '—' : formatter('number', {}).format(value);
}

export function percent(rate) {
  return rate == null || Number.isNaN(rate) ? '—'
    : formatter('number', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate);
}

/**
 * A decimal string as it came from the API, with its whole part grouped. The digits are never
 * read into a float: the whole part goes through BigInt, the fraction is kept as written.
 */
export function amount(text) {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(text ?? ''));
  if (!match) return text ?? '—';
  const [, sign, whole, fraction] = match;
  const numbers = formatter('number', {});
  const point = numbers.formatToParts(0.5).find(part => part.type === 'decimal')?.value ?? '.';
  return sign + numbers.format(BigInt(whole)) + (fraction === undefined ? '' : point + fraction);
}

export function dateTime(instant) {
  if (!instant) return '—';
  return formatter('date', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    .format(new Date(instant));
}

export function shortDateTime(instant) {
  return formatter('date', { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
}

/** "in 5 min" or "5 min ago", in the nearest whole unit. */
export function relative(instant) {
  if (!instant) return '';
  const seconds = Math.round((new Date(instant) - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] = abs < 60 ? [seconds, 'second'] : abs < 3600 ? [Math.round(seconds / 60), 'minute']
    : abs < 86400 ? [Math.round(seconds / 3600), 'hour'] : [Math.round(seconds / 86400), 'day'];
  return formatter('relative', { numeric: 'always', style: 'short' }).format(value, unit);
}

/** Milliseconds as "120 ms" or "1.5 sec" (in Chinese 毫秒 and 秒). */
export function duration(millis) {
  if (millis == null) return '—';
  return millis >= 1000
    ? formatter('number', { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: 1 }).format(millis / 1000)
    : formatter('number', { style: 'unit', unit: 'millisecond', unitDisplay: 'short', maximumFractionDigits: 0 }).format(millis);
}
