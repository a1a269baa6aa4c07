/**
 * Ordinary live-selling chat, written by hand for this project (not taken from any data set): the
 * abuse model's trainer adds these as negative examples so that a model learnt from tweets does not
 * flag everyday chat lines or customer complaints (complaints are a mood signal, not abuse).
 */
export const CHAT_NEGATIVES_EN: readonly string[] = [
  'hello everyone how are you doing today', 'hi from brazil love your streams', 'what is the price of the red one',
  'how much is shipping to canada', 'does it come in a bigger size', 'can you show the back of the jacket please',
  'is this the same one from last week', 'i just ordered two of them', 'the lighting is really nice today',
  'can you zoom in on the label', 'when will the next drop happen', 'my package still has not arrived',
  'ordered two weeks ago and still not shipped', 'this is the worst customer service ever', 'i want a refund for my order',
  'the color in the photo was totally different', 'the zipper broke after one day', 'i am so disappointed with this purchase',
  'please answer my question about returns', 'why is nobody replying to my messages', 'this product is overpriced honestly',
  'the quality is terrible and the stitching is loose', 'that is a lot of money for a phone case', 'i will leave a bad review',
  'is there a discount code for first orders', 'what material is the hoodie made of', 'can i pay with paypal',
  'the music is great what song is this', 'good morning chat', 'lets go this is awesome', 'that dress looks amazing on you',
  'i missed the start what did i miss', 'how long does delivery take to the uk', 'will you restock the black one',
  'do you ship internationally', 'my sister loves this brand', 'the serum made my skin so soft', 'can you try the blue shade',
  'this stream is so much fun', 'gg that was quick', 'sold out already that was fast', 'i cannot believe the price drop',
  'that was a crazy deal', 'thank you for answering my question', 'the camera keeps freezing for me', 'audio is a bit low',
  'can you turn up the volume', 'the link in the description does not work', 'where is the coupon', 'is it waterproof',
  'does the battery last all day', 'how many colors are there', 'what size are you wearing', 'i am five foot five what size',
  'just joined hi everyone', 'see you tomorrow bye', 'this killed it honestly', 'the new lipstick is fire', 'you are killing it today',
  'that jacket is sick', 'this is insane value', 'stop scrolling and buy it', 'my order came damaged and the box was crushed',
  'scam prices do not buy this junk', 'this junk broke in a week', 'fake product do not buy', 'customer support is useless',
  'still waiting for my refund after a month', 'terrible packaging again', 'worst delivery service i have ever used',
  'the previous batch was garbage quality', 'why is it so expensive', 'never buying from here again', 'very disappointed honestly',
  'the shoes run small order a size up', 'my friend recommended this stream', 'first time here this is cool', 'pog that was fast',
  'LUL the cat walked in', 'Kappa sure it is', 'PogChamp giveaway time', 'Kreygasm that price', 'ResidentSleeper slow today',
];

export const CHAT_NEGATIVES_ZH: readonly string[] = [
  '大家好我是新来的', '主播今天好漂亮', '这个多少钱啊', '运费多少钱', '包邮吗包邮吗', '什么时候发货啊', '有没有大一点的码',
  '能不能看看背面', '这个颜色好看', '我已经下单了', '链接在哪里', '优惠券怎么领', '可以用花呗吗', '这款有白色的吗',
  '一米六五穿什么码', '上次买的很好用', '质量怎么样啊', '能不能便宜一点', '今天的音乐好好听', '主播辛苦了',
  '骗子退钱', '假货别买大家别上当', '我要退款', '质量太差了垃圾东西', '这什么垃圾质量', '买到假货了气死我了',
  '半个月了还没收到货', '客服一直不回复', '退款到现在还没到账', '颜色跟图片差太多了', '用了一天就坏了', '包装太烂了',
  '差评差评', '再也不买了', '太贵了不值这个价', '黑心商家', '坑人的东西别买', '主播骗人', '说好的赠品呢',
  '发错货了怎么办', '尺码偏小要买大一号', '退货运费谁出', '已经投诉了', '这是三无产品吧', '垃圾快递太慢了',
  '哈哈哈哈哈哈', '666666', '好可爱啊', '终于等到了', '秒没了', '手慢了没抢到', '再来一波吧', '下次什么时候直播',
  '主播晚安', '第一次来支持一下', '这个口红色号是多少', '敏感肌能用吗', '保质期多久', '有没有赠品', '可以开发票吗',
  '这个价格太香了', '冲冲冲', '姐妹们快买', '已经买了三个了', '求返场', '音量小一点', '画面卡了', '声音有点小',
];
