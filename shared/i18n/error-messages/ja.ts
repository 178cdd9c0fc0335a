import type { ErrorMessages } from '.';

/** Japanese. */
const ja: ErrorMessages = {
  VALIDATION_FAILED: '入力内容に誤りがあります。ご確認のうえ、もう一度お試しください。',
  MALFORMED_JSON: 'アプリからサーバーが読み取れないデータが送信されました。ページを再読み込みしてください。',
  PAYLOAD_TOO_LARGE: 'リクエストが大きすぎます。選択する座席を減らしてください。',
  UNKNOWN_COMMAND: 'アプリのバージョンが古くなっています。ページを再読み込みしてください。',
  IDEMPOTENCY_KEY_REQUIRED: 'お支払いを開始できませんでした。もう一度お試しください。',
  IDEMPOTENCY_KEY_REUSED:
    'このお支払い手続きは、すでに別の注文で使用されています。購入手続きを最初からやり直してください。',
  AUTH_REQUIRED: '先にログインしてください。',
  AUTH_INVALID: 'ログイン状態が無効になりました。もう一度ログインしてください。',
  AUTH_EXPIRED: 'ログインの有効期限が切れました。もう一度ログインしてください。',
  INVALID_CREDENTIALS: 'メールアドレスまたはパスワードが正しくありません。',
  EMAIL_TAKEN: 'このメールアドレスはすでに登録されています。ログインをお試しください。',
  FORBIDDEN: 'お使いのアカウントではこの操作を行えません。',
  NOT_FOUND: 'お探しのものが見つかりませんでした。',
  SHOW_NOT_FOUND: '公演が見つかりませんでした。',
  SECTION_NOT_FOUND: 'このブロックはこの公演にはありません。',
  SEAT_NOT_FOUND: '選択した座席の中に、この公演にない座席が含まれています。',
  DUPLICATE_SEATS: '同じ座席が2回選択されています。',
  TOO_MANY_SEATS: '一度に仮押さえできる座席数を超えています。',
  SHOW_NOT_ON_SALE: 'この公演は現在発売していません。',
  SALE_UNAVAILABLE: '座席を準備しています。しばらくしてからもう一度お試しください。',
  SEAT_UNAVAILABLE:
    '申し訳ありません。選択した座席は、たった今ほかの方が確保しました。別の座席をお選びください。',
  LIMIT_EXCEEDED: 'この公演でお客様のアカウントが購入できる枚数を超えています。',
  HOLD_NOT_FOUND: '座席の仮押さえが解除されています。もう一度座席をお選びください。',
  HOLD_EXPIRED: '仮押さえの期限が切れたため、座席は解放されました。もう一度座席をお選びください。',
  HOLD_ALREADY_EXTENDED: '仮押さえの延長はすでに1回行われています。',
  HOLD_IN_CHECKOUT: 'これらの座席は現在お支払い手続き中です。',
  SALE_NOT_FOUND: 'この販売は見つかりませんでした。',
  QUEUE_NOT_OPEN: '待機室はまだオープンしていません。発売開始の少し前にもう一度アクセスしてください。',
  QUEUE_CLOSED: 'この販売の待機室は終了しました。',
  NOT_IN_QUEUE: 'この販売の待機室にまだ入室していません。',
  NOT_ADMITTED:
    'まだお客様の順番ではありません。このページを開いたままお待ちください。順番が来たらご案内します。',
  ADMISSION_REQUIRED: '先に待機室からお入りください。',
  ADMISSION_INVALID: 'お客様の購入許可はこのページでは無効です。待機室にお戻りください。',
  ADMISSION_EXPIRED: '購入可能時間が終了しました。',
  WAITLIST_NOT_OPEN: 'キャンセル待ちは、この公演が完売してから受け付けます。現在はまだ空席があります。',
  ORDER_NOT_FOUND: 'この注文は見つかりませんでした。',
  PAYMENT_FAILED: 'お支払いが承認されませんでした。座席は解放されましたので、もう一度お試しください。',
  RATE_LIMITED: 'リクエストが多すぎます。しばらく待ってからもう一度お試しください。',
  SERVICE_UNAVAILABLE: '一時的にサービスを利用できません。しばらくしてからもう一度お試しください。',
  INTERNAL: 'システムエラーが発生しました。もう一度お試しください。',
};

export default ja;
