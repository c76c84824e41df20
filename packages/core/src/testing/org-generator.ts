import type {
  SourceDepartment,
  SourceSnapshot,
  SourceUser,
  SourceUserStatus,
} from "../model/source.ts";

/**
 * Deterministic, realistic org charts for tests and benchmarks: Chinese department and person
 * names drawn by real frequency (so five 张伟 happen, as they do in a 5 000-person company),
 * Feishu-shaped ids and raw records, a tree at most six levels deep. Its own seeded PRNG, so
 * the same options give the same org on every machine.
 */

export interface GenerateOrgOptions {
  /**
   * Departments, root not counted.
   * @example 10_000
   */
  departments: number;
  /**
   * Users.
   * @example 100_000
   */
  users: number;
  /**
   * Share of users in two or three departments.
   * @default 0.1
   * @example 0.25
   */
  multiDepartmentShare?: number;
  /**
   * PRNG seed: the same seed gives the same org.
   * @default 1
   * @example 42
   */
  seed?: number;
  /**
   * Id of the root department, which is referenced as a parent but not listed.
   * @default "0" (Feishu; DingTalk and WeCom use "1")
   * @example "1"
   */
  rootId?: string;
  /**
   * Extra share of users who copy the name of an earlier user, on top of the duplicates that
   * frequency-weighted names produce by themselves.
   * @default 0
   * @example 0.05
   */
  duplicateNameShare?: number;
  /**
   * Share of users per non-active status.
   * @default { frozen: 0.005, resigned: 0.01, notJoined: 0.005 }
   * @example { frozen: 0, resigned: 0, notJoined: 0 } (everyone active)
   */
  statusShares?: Partial<Record<Exclude<SourceUserStatus, "active">, number>>;
  /**
   * Share of users placed directly in the root department (executives, assistants).
   * @default 0.01
   */
  rootUserShare?: number;
  /**
   * Maximum depth of the tree; top-level departments are depth 1.
   * @default 6
   */
  maxDepth?: number;
}

/** mulberry32: tiny, fast, good enough for fixtures; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// [character(s), pinyin, weight]: weights roughly follow the 2020 census frequencies, so the
// top ten surnames cover about half of all people.
const SURNAMES: readonly (readonly [string, string, number])[] = [
  ["王", "wang", 72],
  ["李", "li", 71],
  ["张", "zhang", 69],
  ["刘", "liu", 54],
  ["陈", "chen", 46],
  ["杨", "yang", 33],
  ["黄", "huang", 25],
  ["赵", "zhao", 20],
  ["吴", "wu", 20],
  ["周", "zhou", 19],
  ["徐", "xu", 14],
  ["孙", "sun", 13],
  ["马", "ma", 12],
  ["朱", "zhu", 11],
  ["胡", "hu", 10],
  ["郭", "guo", 10],
  ["何", "he", 9],
  ["林", "lin", 9],
  ["高", "gao", 9],
  ["罗", "luo", 8],
  ["郑", "zheng", 8],
  ["梁", "liang", 7],
  ["谢", "xie", 6],
  ["宋", "song", 5],
  ["唐", "tang", 5],
  ["许", "xu", 5],
  ["邓", "deng", 5],
  ["韩", "han", 5],
  ["冯", "feng", 5],
  ["曹", "cao", 5],
  ["彭", "peng", 4],
  ["曾", "zeng", 4],
  ["肖", "xiao", 4],
  ["田", "tian", 4],
  ["董", "dong", 4],
  ["潘", "pan", 3],
  ["袁", "yuan", 3],
  ["蔡", "cai", 3],
  ["蒋", "jiang", 3],
  ["余", "yu", 3],
  ["于", "yu", 3],
  ["杜", "du", 3],
  ["叶", "ye", 3],
  ["程", "cheng", 3],
  ["魏", "wei", 3],
  ["苏", "su", 3],
  ["吕", "lv", 3],
  ["丁", "ding", 2],
  ["任", "ren", 2],
  ["卢", "lu", 2],
  ["姚", "yao", 2],
  ["沈", "shen", 2],
  ["钟", "zhong", 2],
  ["姜", "jiang", 2],
  ["崔", "cui", 2],
  ["谭", "tan", 2],
  ["陆", "lu", 2],
  ["范", "fan", 2],
  ["汪", "wang", 2],
  ["廖", "liao", 2],
  ["石", "shi", 2],
  ["金", "jin", 2],
  ["贾", "jia", 2],
  ["夏", "xia", 2],
  ["付", "fu", 2],
  // Readings a naive pinyin gets wrong, and compound surnames: fixtures for the pinyin filter.
  ["单", "shan", 1],
  ["解", "xie", 1],
  ["仇", "qiu", 1],
  ["区", "ou", 1],
  ["查", "zha", 1],
  ["欧阳", "ouyang", 1],
  ["司马", "sima", 1],
  ["诸葛", "zhuge", 1],
  ["上官", "shangguan", 1],
];

// Given names: the most common ones carry most of the weight, which is what makes 张伟 repeat.
const GIVEN_NAMES: readonly (readonly [string, string, number])[] = [
  ["伟", "wei", 30],
  ["芳", "fang", 25],
  ["娜", "na", 22],
  ["敏", "min", 22],
  ["静", "jing", 22],
  ["秀英", "xiuying", 20],
  ["丽", "li", 20],
  ["强", "qiang", 19],
  ["磊", "lei", 18],
  ["洋", "yang", 16],
  ["艳", "yan", 15],
  ["勇", "yong", 15],
  ["军", "jun", 15],
  ["杰", "jie", 15],
  ["娟", "juan", 14],
  ["涛", "tao", 13],
  ["超", "chao", 13],
  ["明", "ming", 13],
  ["霞", "xia", 12],
  ["秀兰", "xiulan", 12],
  ["刚", "gang", 11],
  ["平", "ping", 11],
  ["燕", "yan", 11],
  ["辉", "hui", 11],
  ["玲", "ling", 10],
  ["桂英", "guiying", 10],
  ["丹", "dan", 10],
  ["萍", "ping", 10],
  ["鹏", "peng", 10],
  ["华", "hua", 10],
  ["红", "hong", 9],
  ["玉兰", "yulan", 9],
  ["飞", "fei", 9],
  ["桂兰", "guilan", 8],
  ["英", "ying", 8],
  ["梅", "mei", 8],
  ["鑫", "xin", 8],
  ["波", "bo", 8],
  ["斌", "bin", 8],
  ["宇", "yu", 8],
  ["浩", "hao", 7],
  ["凯", "kai", 7],
  ["健", "jian", 7],
  ["俊", "jun", 7],
  ["帆", "fan", 7],
  ["帅", "shuai", 6],
  ["旭", "xu", 6],
  ["宁", "ning", 6],
  ["龙", "long", 6],
  ["林", "lin", 6],
  ["欢", "huan", 6],
  ["佳", "jia", 6],
  ["阳", "yang", 6],
  ["建华", "jianhua", 6],
  ["亮", "liang", 6],
  ["成", "cheng", 5],
  ["建国", "jianguo", 5],
  ["建军", "jianjun", 5],
  ["晶", "jing", 5],
  ["婷", "ting", 5],
  ["子轩", "zixuan", 4],
  ["浩然", "haoran", 4],
  ["梓涵", "zihan", 4],
  ["一诺", "yinuo", 4],
  ["欣怡", "xinyi", 4],
  ["思远", "siyuan", 3],
  ["雨桐", "yutong", 3],
  ["宇轩", "yuxuan", 3],
  ["诗涵", "shihan", 3],
  ["博文", "bowen", 3],
  ["晓明", "xiaoming", 3],
  ["晓燕", "xiaoyan", 3],
  ["志强", "zhiqiang", 3],
  ["海燕", "haiyan", 3],
  ["文博", "wenbo", 3],
  ["嘉怡", "jiayi", 2],
  ["俊杰", "junjie", 2],
  ["天佑", "tianyou", 2],
  ["若曦", "ruoxi", 2],
  ["沐辰", "muchen", 2],
  ["乐", "le", 2],
  ["长安", "changan", 2],
  ["行", "xing", 2],
  ["重阳", "chongyang", 2],
  ["朝阳", "zhaoyang", 2],
];

// A few Latin-script names, as foreign staff and English display names appear in Feishu.
const LATIN_NAMES: readonly (readonly [string, string])[] = [
  ["David Wang", "david.wang"],
  ["Emily Chen", "emily.chen"],
  ["Zoë Müller", "zoe.muller"],
  ["Seán O'Brien", "sean.obrien"],
  ["Anna-Lena Schmidt", "annalena.schmidt"],
  ["James Smith", "james.smith"],
];

const FUNCTIONS = [
  "研发",
  "产品",
  "设计",
  "市场",
  "销售",
  "财务",
  "人力资源",
  "法务",
  "行政",
  "运营",
  "客服",
  "数据",
  "安全",
  "基础架构",
  "平台",
  "增长",
  "商业化",
  "质量保障",
  "供应链",
  "采购",
  "品牌",
  "公关",
  "投资",
  "战略",
  "审计",
  "IT",
  "前端",
  "后端",
  "移动端",
  "算法",
  "测试",
  "交付",
];
const REGIONS = [
  "北京",
  "上海",
  "深圳",
  "杭州",
  "广州",
  "成都",
  "武汉",
  "南京",
  "西安",
  "苏州",
  "华东",
  "华南",
  "华北",
  "西南",
  "海外",
  "新加坡",
];
const SUFFIX_BY_DEPTH = ["中心", "部", "组", "小组", "团队", "项目组"];
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const JOB_TITLES = [
  "工程师",
  "高级工程师",
  "资深工程师",
  "技术专家",
  "产品经理",
  "设计师",
  "运营专员",
  "销售经理",
  "财务专员",
  "HRBP",
  "法务顾问",
  "行政助理",
  "数据分析师",
  "测试工程师",
  "架构师",
  "总监",
  "经理",
];
const CITIES = ["北京", "上海", "深圳", "杭州", "广州", "成都", "武汉", "南京"];
const BUILDINGS = ["A座", "B座", "C座", "科技园", "中心大厦"];

/** Expands [name, reading, weight] tables into flat pools: one random index per draw, no search. */
function pool(
  items: readonly (readonly [string, string, number])[],
): (readonly [string, string])[] {
  const out: (readonly [string, string])[] = [];
  for (const [name, reading, weight] of items) {
    for (let i = 0; i < weight; i++) out.push([name, reading]);
  }
  return out;
}

const SURNAME_POOL = pool(SURNAMES);
const GIVEN_POOL = pool(GIVEN_NAMES);

/** The n-th extra sibling of a name, as companies number them: 研发一组, 研发二组, 北京二分公司. */
function numbered(base: string, n: number): string {
  const numeral = n < NUMERALS.length ? NUMERALS[n] : String(n + 1);
  const suffix = base.endsWith("分公司") ? "分公司" : base.slice(-1);
  return `${base.slice(0, base.length - suffix.length)}${numeral}${suffix}`;
}

export function generateOrg(options: GenerateOrgOptions): SourceSnapshot {
  const random = mulberry32(options.seed ?? 1);
  const rootId = options.rootId ?? "0";
  const maxDepth = options.maxDepth ?? 6;
  const multiShare = options.multiDepartmentShare ?? 0.1;
  const duplicateShare = options.duplicateNameShare ?? 0;
  const rootUserShare = options.rootUserShare ?? 0.01;
  const statusShares = { frozen: 0.005, resigned: 0.01, notJoined: 0.005, ...options.statusShares };
  const pickOf = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Ids are the hot path at 100k users: a byte table beats toString(16) + padStart.
  const word = () => {
    const v = (random() * 0x100000000) >>> 0;
    return `${HEX[v >>> 24]}${HEX[(v >>> 16) & 255]}${HEX[(v >>> 8) & 255]}${HEX[v & 255]}`;
  };
  const hex32 = () => `${word()}${word()}${word()}${word()}`;

  // Departments: each picks a parent among the root and earlier departments not at max depth;
  // picking uniformly gives a recursive tree, wide near the top, as org charts are.
  const departments: SourceDepartment[] = [];
  const depths: number[] = [];
  const childCount: number[] = [];
  let rootChildren = 0;
  const openParents: number[] = []; // indices of departments that may still get children
  const siblingNames = new Map<string, Set<string>>();
  for (let i = 0; i < options.departments; i++) {
    const slot = Math.floor(random() * (openParents.length + 1));
    const parentIndex = slot === openParents.length ? -1 : (openParents[slot] as number);
    const parent = parentIndex < 0 ? undefined : departments[parentIndex];
    const depth = parentIndex < 0 ? 1 : (depths[parentIndex] as number) + 1;
    const parentId = parent?.id ?? rootId;
    const order = parentIndex < 0 ? rootChildren++ : (childCount[parentIndex] as number);
    if (parentIndex >= 0) childCount[parentIndex] = order + 1;

    // Feishu refuses two siblings with one name; number them as companies do (研发一组, 研发二组).
    let siblings = siblingNames.get(parentId);
    if (!siblings) {
      siblings = new Set();
      siblingNames.set(parentId, siblings);
    }
    const base =
      depth === 1 && random() < 0.3
        ? `${pickOf(REGIONS)}分公司`
        : `${pickOf(FUNCTIONS)}${SUFFIX_BY_DEPTH[depth - 1] ?? "组"}`;
    let name = base;
    for (let n = 0; siblings.has(name); n++) name = numbered(base, n);
    siblings.add(name);

    const id = `od-${hex32()}`;
    departments.push({
      id,
      parentId,
      name,
      order,
      raw: {
        name,
        i18n_name: { zh_cn: name, en_us: "" },
        parent_department_id: parentId,
        department_id: `D${String(i + 1).padStart(6, "0")}`,
        open_department_id: id,
        leader_user_id: "",
        order: String(order * 1000),
        member_count: 0,
        status: { is_deleted: false },
      },
    });
    depths.push(depth);
    childCount.push(0);
    if (depth < maxDepth) openParents.push(i);
  }

  // Users.
  const users: SourceUser[] = [];
  const emailCounts = new Map<string, number>();
  const memberCounts = new Array<number>(departments.length).fill(0);
  const departmentCount = departments.length;
  for (let i = 0; i < options.users; i++) {
    let name: string;
    let reading: string;
    const earlier = users.length > 0 && random() < duplicateShare ? pickOf(users) : undefined;
    if (earlier) {
      name = earlier.name;
      reading = (earlier.raw.en_name as string) || "user";
    } else if (random() < 0.01) {
      [name, reading] = pickOf(LATIN_NAMES);
    } else {
      const [surname, surnameReading] = pickOf(SURNAME_POOL);
      const [given, givenReading] = pickOf(GIVEN_POOL);
      name = surname + given;
      reading = surnameReading + givenReading;
    }

    // Departments: root for a few, one for most, two or three for the multi-department share.
    const departmentIds: string[] = [];
    const departmentIndices: number[] = [];
    if (departmentCount === 0 || random() < rootUserShare) {
      departmentIds.push(rootId);
    } else {
      const wanted = random() < multiShare && departmentCount > 1 ? (random() < 0.7 ? 2 : 3) : 1;
      while (departmentIndices.length < Math.min(wanted, departmentCount)) {
        const index = Math.floor(random() * departmentCount);
        if (!departmentIndices.includes(index)) departmentIndices.push(index);
      }
      for (const index of departmentIndices) {
        const department = departments[index] as SourceDepartment;
        departmentIds.push(department.id);
        memberCounts[index] = (memberCounts[index] ?? 0) + 1;
      }
    }

    const statusRoll = random();
    const status: SourceUserStatus =
      statusRoll < statusShares.resigned
        ? "resigned"
        : statusRoll < statusShares.resigned + statusShares.frozen
          ? "frozen"
          : statusRoll < statusShares.resigned + statusShares.frozen + statusShares.notJoined
            ? "notJoined"
            : "active";

    const seen = emailCounts.get(reading) ?? 0;
    emailCounts.set(reading, seen + 1);
    const localPart = seen === 0 ? reading : `${reading}${seen + 1}`;
    // Some people have no company mailbox: relations must cope with a missing field.
    const email = random() < 0.05 ? "" : `${localPart}@example.com`;
    const openId = `ou_${hex32()}`;
    const employeeNo = `E${String(i + 1).padStart(6, "0")}`;
    const city = pickOf(CITIES);

    for (const index of departmentIndices) {
      const department = departments[index] as SourceDepartment;
      if (department.raw.leader_user_id === "") department.raw.leader_user_id = openId;
    }

    users.push({
      id: openId,
      name,
      departmentIds,
      primaryDepartmentId: departmentIds[0] as string,
      status,
      raw: {
        name,
        en_name: reading,
        open_id: openId,
        union_id: `on_${hex32()}`,
        user_id: word(),
        email,
        mobile: `+86${13 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, "0")}`,
        gender: 1 + Math.floor(random() * 2),
        // Its own array: a consumer editing departmentIds must not rewrite the raw record.
        department_ids: [...departmentIds],
        employee_no: employeeNo,
        job_title: pickOf(JOB_TITLES),
        city,
        work_station: `${city}-${pickOf(BUILDINGS)}-${1 + Math.floor(random() * 30)}F`,
        join_time: 1_500_000_000 + Math.floor(random() * 250_000_000),
        status: {
          is_activated: status === "active",
          is_frozen: status === "frozen",
          is_resigned: status === "resigned",
          is_unjoin: status === "notJoined",
        },
      },
    });
  }
  for (const [index, department] of departments.entries()) {
    department.raw.member_count = memberCounts[index] ?? 0;
  }
  return { departments, users };
}
