/**
 * Question detection in live-selling speech (issue 14), by category: what asks the shop or host
 * for something counts, praise, agreement and excitement do not.
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../insights/classify.js';
import { isChineseQuestion, isEnglishQuestion } from '../../../insights/question.js';

const zhYes = (cat: string, lines: string[]): void => {
  it.each(lines)(`${cat}: %s is a question`, (t) => expect(isChineseQuestion(t)).toBe(true));
};
const zhNo = (cat: string, lines: string[]): void => {
  it.each(lines)(`${cat}: %s is not a question`, (t) => expect(isChineseQuestion(t)).toBe(false));
};
const enYes = (cat: string, lines: string[]): void => {
  it.each(lines)(`${cat}: %s is a question`, (t) => expect(isEnglishQuestion(t)).toBe(true));
};
const enNo = (cat: string, lines: string[]): void => {
  it.each(lines)(`${cat}: %s is not a question`, (t) => expect(isEnglishQuestion(t)).toBe(false));
};

describe('Chinese: A-not-A versus reduplicated praise and agreement', () => {
  zhYes('fixed A-not-A', ['是不是正品', '有没有XL', '能不能再便宜点', '好不好穿', '可不可以开发票', '会不会缩水', '要不要先领券', '行不行啊', '这个对不对版']);
  zhYes('X不X with the same verb or adjective', ['包不包邮', '发不发顺丰', '掉不掉色', '喜不喜欢这个色', '起不起球', '甜不甜']);
  zhNo('reduplicated praise', ['不错不错', '不错不错，包装也好，苹果脆，甜。', '好看好看', '漂亮漂亮', '好好好', '好吃好吃', '棒棒棒']);
  zhNo('reduplicated agreement and refusal', ['可以可以', '对对对', '是是是', '不是不是', '不要不要', '不好不好', '没有没有', '不行不行', '不对不对']);
  zhNo('不错 is praise', ['还不错', '质量不错', '真不错啊', '上身效果不错']);
});

describe('Chinese: final particles', () => {
  zhYes('吗 and 么', ['包邮吗', '有现货么', '能便宜点吗～', '是正品吗😊']);
  zhYes('a short 呢 clause', ['链接呢', '黑色的呢', '你呢', '那L码呢', '我的快递呢']);
  zhNo('statement 呢', ['被小男孩的开心感动到流泪呢', '好吃呢', '很好用呢', '在呢', '我在排队呢哈哈哈']);
  zhNo('吧 suggestions and guesses', ['走吧', '冲吧', '好吧', '算了吧', '应该是吧', '买吧姐妹们']);
  zhNo('assertive 嘛 and 这么/那么', ['很不错嘛', '对嘛', '就这么定了', '就这么']);
  zhYes('干嘛 asks', ['今天干嘛不上新']);
});

describe('Chinese: requests that ask for something', () => {
  zhYes('求 + what', ['求链接', '主播求上链接', '求返场', '求讲解一下面料', '宝宝求推荐']);
  zhNo('求 that asks nothing', ['求求了', '求求你别涨价了', '要求太高了', '追求性价比的来', '需求很大']);
  zhYes('想要 + a size, colour, style or the link', ['想要M码', '想要黑色的', '想要那个蓝色款', '想要链接']);
  zhNo('想要 as excitement', ['想要', '想要想要', '好想要', '真想要啊']);
  zhYes('buying and shipping', ['怎么买', '几号发货', '有没有货', '能便宜点吗', '麻烦主播试一下M码', '请主播介绍一下成分', '想问一下尺码']);
  zhYes('alternatives', ['偏大还是偏小', '黑色还是白色', '买还是不买']);
  zhNo('还是 meaning still', ['我还是喜欢黑色', '还是算了', '女孩子还是车瞎练']);
  zhNo('statements', ['主播今天好漂亮', '已拍', '买了买了', '太划算了', '不知道为什么就是喜欢']);
});

describe('English: requests and needs', () => {
  enYes('a need with an action', ['I need to get some more physical cards', 'i need to change my shipping address', "i'd like to exchange the jacket", 'I wanna order two of the mugs', 'I would like to track my parcel', 'i want to know if it is waterproof']);
  enYes('a need with an information or service object', ['i need a refund for the broken charger', 'I need help with my order', 'we need a replacement for the cracked case', 'I need a bigger size']);
  enYes('how do I, can I, looking for, is there a way, does anyone know', ['how do I apply the coupon', 'can i pay with apple pay', 'looking for a dress for a wedding', 'is there a way to combine shipping', 'does anyone know if it comes with a bag', 'anyone know when the restock is']);
  enYes('help, tell me, show me', ['help me pick a size please', 'need help with the checkout', 'tell me how long delivery takes', 'show me the inside of the bag please']);
  enYes('short requests with please', ['link pls', 'coupon pls', 'size chart please', 'price of the coat pls', 'please restock the beige one', 'show the back please']);
  enYes('chat word order and spelling', ['restock when', 'hw much', 'hoow much is it', 'wich size for 130 lbs', 'doo u have plus sizes', 'is shipping free']);
  enNo('excitement', ['I need this so bad lol', 'omg i need that', 'i need that in my life', 'I need to stop spending money lol', 'need this!!', 'we need more streams like this lol', 'i need to sleep but this stream is too good']);
  enNo('a question mark after a reaction or praise', ['cute??', 'wow??', 'lmao??', 'love this stream??', 'i love the music??', 'the lighting is great today??', 'omg i need that??', 'just bought 2??']);
  enNo('statements and choices', ['just bought 2', "i'm looking forward to the next one", 'looking good sis', 'I want the green one', 'is so good', 'are gorgeous', 'do not buy', 'hello from texas pls', 'that was quick pls', 'thank you please keep going', 'yes please', 'idk when']);
  enYes('a question mark after a real question stays', ['is it good??', 'price??', 'can i have one??', 'back in stock??']);
});

describe('classify: both languages', () => {
  it('praise in Chinese with an English word is not a question', () => {
    expect(classify('不错不错 nice').isQuestion).toBe(false);
    expect(classify('求链接 pls').isQuestion).toBe(true);
  });
});
