// Names that change spelling between languages, mapped to one anchor. Names spelled alike in English
// and Spanish (Kim Jong Il, Cuba, Nepal, Mongolia) need no entry: they match as they are.

const GROUPS: string[][] = [
  ['kim il sung', '김일성'],
  ['kim jong il', '김정일'],
  ['kim jong un', '김정은'],
  ['kim yo jong', '김여정'],
  ['choe ryong hae', '최룡해'],
  ['pak pong ju', '박봉주'],
  ['kim yong nam', '김영남'],
  ['pyongyang', '평양'],
  ['paris', '빠리', '파리'],
  ['moscow', 'moscu', '모스크바'],
  ['beijing', 'pekin', '베이징', '베이징'],
  ['seoul', 'seul', '서울'],
  ['tokyo', 'tokio', '도꾜', '도쿄'],
  ['russia', 'rusia', '로씨야', '러시아'],
  ['china', '중국'],
  ['japan', 'japon', 'japón', '일본'],
  ['united states', 'estados unidos', '미국'],
  ['south korea', 'corea del sur', '남조선', '한국'],
  ['syria', 'siria', '수리아', '시리아'],
  ['vietnam', 'viet nam', 'vietnám', '윁남', '베트남'],
  ['laos', '라오스'],
  ['cuba', '꾸바', '쿠바'],
  ['iran', 'irán', '이란'],
  ['egypt', 'egipto', '에짚트', '이집트'],
  ['germany', 'alemania', '도이췰란드', '독일'],
  ['france', 'francia', '프랑스'],
  ['britain', 'gran bretana', 'gran bretaña', 'reino unido', '영국'],
  ['italy', 'italia', '이딸리아', '이탈리아'],
  ['spain', 'espana', 'españa', '에스빠냐', '스페인'],
  ['mexico', 'méxico', '메히꼬', '멕시코'],
  ['brazil', 'brasil', '브라질'],
  ['india', '인디아', '인도'],
  ['indonesia', '인도네시아'],
  ['mongolia', '몽골'],
  ['nigeria', '나이제리아', '나이지리아'],
  ['ethiopia', 'etiopia', 'etiopía', '에티오피아'],
  ['venezuela', '베네수엘라'],
  ['belarus', 'bielorrusia', 'belarús', '벨라루씨', '벨라루스'],
  ['ukraine', 'ucrania', '우크라이나'],
  ['poland', 'polonia', '뽈스까', '폴란드'],
  ['sweden', 'suecia', '스웨덴'],
  ['switzerland', 'suiza', '스위스'],
  ['thailand', 'tailandia', '타이', '태국'],
  ['cambodia', 'camboya', '캄보쟈', '캄보디아'],
  ['singapore', 'singapur', '싱가포르'],
  ['pakistan', 'pakistán', '빠끼스딴', '파키스탄'],
  ['bangladesh', '방글라데슈', '방글라데시'],
  ['south africa', 'sudafrica', 'sudáfrica', '남아프리카'],
  ['united nations', 'onu', 'naciones unidas', '유엔', '련합국'],
  ['workers party of korea', "workers' party of korea", 'workers’ party of korea', 'wpk', 'partido del trabajo de corea', 'ptc', '조선로동당', '로동당'],
  ['korean peoples army', "korean people's army", 'korean people’s army', 'kpa', 'ejercito popular de corea', 'ejército popular de corea', 'epc', '조선인민군', '인민군'],
  ['juche', 'zuche', '주체'],
  ['songun', '선군'],
  ['kimilsungism', 'kimilsungismo', '김일성주의'],
];

const MAP = new Map<string, string>();
for (const g of GROUPS) for (const form of g) MAP.set(form, g[0]);

/** Every spelling the gazetteer knows, lower case (accented and plain). */
export const GAZETTEER_FORMS = [...MAP.keys()];

export function gazetteerAnchor(form: string): string | undefined {
  return MAP.get(form);
}
