/**
 * Name and place tables for the demo generator. Chinese entries carry their pinyin
 * (lowercase, no tones, one syllable per character). Characters with more than one common
 * reading are avoided so the pinyin is always right.
 */
export const ZH_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['林', 'lin'], ['罗', 'luo'], ['高', 'gao'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['潘', 'pan'], ['袁', 'yuan'], ['蔡', 'cai'], ['蒋', 'jiang'], ['余', 'yu'], ['于', 'yu'], ['杜', 'du'],
  ['叶', 'ye'], ['程', 'cheng'], ['魏', 'wei'], ['苏', 'su'], ['丁', 'ding'], ['任', 'ren'], ['沈', 'shen'],
  ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'], ['钟', 'zhong'], ['谭', 'tan'], ['陆', 'lu'],
  ['汪', 'wang'], ['范', 'fan'], ['金', 'jin'], ['石', 'shi'], ['廖', 'liao'], ['贾', 'jia'], ['夏', 'xia'],
  ['韦', 'wei'], ['方', 'fang'], ['白', 'bai'], ['邹', 'zou'], ['孟', 'meng'], ['熊', 'xiong'], ['秦', 'qin'],
  ['邱', 'qiu'], ['江', 'jiang'], ['尹', 'yin'], ['薛', 'xue'], ['段', 'duan'], ['雷', 'lei'], ['侯', 'hou'],
  ['龙', 'long'], ['史', 'shi'], ['陶', 'tao'], ['黎', 'li'], ['贺', 'he'], ['顾', 'gu'], ['毛', 'mao'],
  ['郝', 'hao'], ['龚', 'gong'], ['邵', 'shao'], ['万', 'wan'], ['钱', 'qian'], ['严', 'yan'], ['武', 'wu'],
  ['戴', 'dai'], ['莫', 'mo'], ['孔', 'kong'], ['向', 'xiang'], ['汤', 'tang'],
  ['欧阳', 'ou yang'], ['司马', 'si ma'], ['诸葛', 'zhu ge'], ['上官', 'shang guan'],
];

export const ZH_GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['建', 'jian'], ['国', 'guo'], ['文', 'wen'], ['辉', 'hui'],
  ['玲', 'ling'], ['鹏', 'peng'], ['宇', 'yu'], ['浩', 'hao'], ['博', 'bo'], ['婷', 'ting'], ['雪', 'xue'],
  ['琳', 'lin'], ['晨', 'chen'], ['欣', 'xin'], ['怡', 'yi'], ['佳', 'jia'], ['子', 'zi'], ['梓', 'zi'],
  ['涵', 'han'], ['轩', 'xuan'], ['睿', 'rui'], ['思', 'si'], ['雨', 'yu'], ['萱', 'xuan'], ['诗', 'shi'],
  ['嘉', 'jia'], ['俊', 'jun'], ['天', 'tian'], ['泽', 'ze'], ['晓', 'xiao'], ['志', 'zhi'], ['海', 'hai'],
  ['红', 'hong'], ['春', 'chun'], ['斌', 'bin'], ['宁', 'ning'], ['凯', 'kai'], ['健', 'jian'], ['峰', 'feng'],
  ['飞', 'fei'], ['波', 'bo'], ['亮', 'liang'], ['晶', 'jing'], ['颖', 'ying'], ['倩', 'qian'], ['蕾', 'lei'],
  ['璐', 'lu'], ['悦', 'yue'], ['瑶', 'yao'], ['琪', 'qi'], ['昊', 'hao'], ['然', 'ran'], ['鑫', 'xin'],
  ['淼', 'miao'], ['珊', 'shan'], ['阳', 'yang'], ['东', 'dong'], ['兵', 'bing'], ['永', 'yong'], ['毅', 'yi'],
  ['帆', 'fan'], ['岩', 'yan'], ['丹', 'dan'], ['莉', 'li'], ['蓉', 'rong'], ['薇', 'wei'], ['燕', 'yan'],
  ['梅', 'mei'], ['兰', 'lan'], ['琴', 'qin'], ['彤', 'tong'], ['慧', 'hui'], ['巍', 'wei'], ['瑞', 'rui'],
];

export const EN_FIRST_MALE = ['James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Daniel', 'Matthew', 'Andrew', 'Oliver', 'George', 'Harry', 'Jack', 'Noah', 'Ethan', 'Samuel', 'Benjamin'];
export const EN_FIRST_FEMALE = ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Emily', 'Olivia', 'Amelia', 'Isla', 'Ava', 'Sophia', 'Grace', 'Chloe', 'Charlotte', 'Hannah', 'Lucy'];
export const EN_LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'White', 'Harris', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Evans', "O'Brien", 'Murphy'];

export const FR_FIRST_MALE = ['Jean', 'Pierre', 'Michel', 'François', 'Nicolas', 'Julien', 'Thomas', 'Antoine', 'Hugo', 'Louis', 'Théo', 'Mathieu', 'Sébastien', 'Jérôme', 'Gaël', 'Étienne', 'Benoît', 'Raphaël', 'Loïc', 'Clément'];
export const FR_FIRST_FEMALE = ['Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Camille', 'Léa', 'Chloé', 'Manon', 'Inès', 'Zoé', 'Hélène', 'Élodie', 'Céline', 'Aurélie', 'Juliette', 'Margaux', 'Anaïs', 'Noémie', 'Océane', 'Maëlle'];
export const FR_LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Gauthier', 'Chevalier'];

export type Lang = 'zh' | 'en' | 'fr';

/** Top-level divisions: [function, region] per language. */
export const ZH_FUNCTIONS = ['销售部', '市场部', '研发部', '财务部', '人力资源部', '法务部', '采购部', '客服部', '运营部', '质量部', '物流部', '信息技术部', '产品部', '行政部'];
export const ZH_REGIONS = ['华东', '华南', '华北', '华中', '西南', '西北', '东北', '上海', '北京', '深圳', '杭州', '成都'];
export const EN_FUNCTIONS = ['Sales', 'Marketing', 'Engineering', 'Finance', 'Human Resources', 'Legal', 'Procurement', 'Customer Service', 'Operations', 'Quality', 'Logistics', 'IT', 'Product', 'Facilities'];
export const EN_REGIONS = ['Europe', 'North America', 'UK', 'APAC', 'Germany', 'Nordics', 'Benelux', 'Singapore', 'Australia', 'Ireland'];
export const FR_FUNCTIONS = ['Ventes', 'Marketing', 'Recherche et Développement', 'Finances', 'Ressources Humaines', 'Juridique', 'Achats', 'Service Client', 'Opérations', 'Qualité', 'Logistique', 'Informatique', 'Produit', 'Services Généraux'];
export const FR_REGIONS = ['France', 'Paris', 'Lyon', 'Marseille', 'Toulouse', 'Lille', 'Bordeaux', 'Nantes', 'Belgique', 'Suisse'];

/** Sub-units below the top level. */
export const ZH_UNITS = ['一组', '二组', '三组', '大客户部', '渠道部', '前端组', '后端组', '测试组', '运维组', '招聘组', '薪酬组', '培训组', '核算组', '税务组', '客服中心', '华东大区', '上海分公司', '杭州分公司', '南京分公司', '深圳分公司', '广州分公司', '北京分公司', '成都分公司', '武汉分公司', '西安分公司', '项目组', '数据组', '安全组'];
export const EN_UNITS = ['Team A', 'Team B', 'Key Accounts', 'Channel Partners', 'Frontend', 'Backend', 'QA', 'Platform', 'Recruiting', 'Payroll', 'Training', 'Accounting', 'Tax', 'Support Desk', 'London Office', 'Berlin Office', 'New York Office', 'Dublin Office', 'Singapore Office', 'Data', 'Security', 'Projects'];
export const FR_UNITS = ['Équipe A', 'Équipe B', 'Grands Comptes', 'Partenaires', 'Front-end', 'Back-end', 'Recette', 'Plateforme', 'Recrutement', 'Paie', 'Formation', 'Comptabilité', 'Fiscalité', 'Centre d’appels', 'Agence de Paris', 'Agence de Lyon', 'Agence de Lille', 'Agence de Nantes', 'Données', 'Sécurité', 'Projets'];

export const TITLES: Record<Lang, readonly string[]> = {
  zh: ['工程师', '高级工程师', '产品经理', '销售代表', '客户经理', '会计', '人事专员', '法务专员', '采购专员', '客服专员', '运营专员', '部门经理', '总监', '助理'],
  en: ['Engineer', 'Senior Engineer', 'Product Manager', 'Sales Representative', 'Account Manager', 'Accountant', 'HR Specialist', 'Legal Counsel', 'Buyer', 'Support Agent', 'Operations Analyst', 'Manager', 'Director', 'Assistant'],
  fr: ['Ingénieur', 'Ingénieur Senior', 'Chef de Produit', 'Commercial', 'Chargé de Clientèle', 'Comptable', 'Chargé RH', 'Juriste', 'Acheteur', 'Conseiller Client', 'Analyste Opérations', 'Responsable', 'Directeur', 'Assistant'],
};

export const RANKS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'M1', 'M2', 'M3', 'M4'];

/** PRC administrative area codes (6 digits) with the matching address prefix. */
export const ZH_AREAS: readonly (readonly [string, string])[] = [
  ['110101', '北京市东城区'], ['110105', '北京市朝阳区'], ['310101', '上海市黄浦区'], ['310115', '上海市浦东新区'],
  ['440106', '广东省广州市天河区'], ['440305', '广东省深圳市南山区'], ['330106', '浙江省杭州市西湖区'], ['320102', '江苏省南京市玄武区'],
  ['510104', '四川省成都市锦江区'], ['420102', '湖北省武汉市江岸区'], ['610102', '陕西省西安市新城区'], ['370202', '山东省青岛市市南区'],
];
export const ZH_STREETS = ['人民路', '中山路', '解放路', '建设路', '世纪大道', '南京路', '长江路', '和平路', '科技路', '文化路'];
export const EN_STREETS = ['King Street', 'High Street', 'Church Road', 'Station Road', 'Victoria Road', 'Park Avenue', 'Main Street', 'Oak Lane'];
export const EN_CITIES = ['London', 'Manchester', 'Bristol', 'Dublin', 'Edinburgh', 'New York', 'Boston', 'Singapore'];
export const FR_STREETS = ['rue de Rivoli', 'avenue des Champs-Élysées', 'rue de la République', 'boulevard Haussmann', 'rue Victor Hugo', 'place Bellecour', 'rue Nationale', 'quai des Chartrons'];
export const FR_CITIES: readonly (readonly [string, string])[] = [
  ['75001', 'Paris'], ['75008', 'Paris'], ['69002', 'Lyon'], ['13001', 'Marseille'], ['31000', 'Toulouse'], ['59000', 'Lille'], ['33000', 'Bordeaux'], ['44000', 'Nantes'],
];
export const ZH_MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '158', '159', '166', '170', '176', '177', '180', '181', '186', '187', '188', '189', '191', '198', '199'];

// Customers (companies) and what people write about them.
export const ZH_COMPANY_PREFIX = ['华信', '东方', '中科', '恒达', '宏图', '金桥', '天成', '远航', '博雅', '瑞丰', '盛世', '鼎力', '新源', '海纳', '长风'];
export const ZH_COMPANY_SUFFIX = ['科技有限公司', '贸易有限公司', '制造股份有限公司', '物流有限公司', '信息技术有限公司', '咨询有限公司'];
export const EN_COMPANY_PREFIX = ['Northwind', 'Bluefield', 'Silverline', 'Redwood', 'Brightstone', 'Oakridge', 'Harbour', 'Summit', 'Crescent', 'Pioneer'];
export const EN_COMPANY_SUFFIX = ['Ltd', 'Holdings', 'Systems', 'Logistics', 'Partners', 'Manufacturing'];
export const FR_COMPANY_PREFIX = ['Les Ateliers', 'Groupe', 'Société', 'Compagnie', 'Maison', 'Industries'];
export const FR_COMPANY_SUFFIX = ['Lumière', 'du Rhône', 'Atlantique', 'des Alpes', 'Provence', 'Bretagne', 'Beaumont', 'Delacroix'];
export const INDUSTRIES = ['manufacturing', 'retail', 'finance', 'logistics', 'software', 'healthcare', 'education', 'energy'];
export const FOLLOW_UP_TEXT: Record<Lang, readonly string[]> = {
  zh: ['电话沟通了续约事宜', '拜访客户，介绍新产品', '发送报价单，等待回复', '客户反馈价格偏高', '约定下周演示', '与{name}讨论了合同条款'],
  en: ['Called about the renewal', 'Visited to present the new product line', 'Sent a quote, awaiting reply', 'Customer finds the price high', 'Demo booked for next week', 'Discussed contract terms with {name}'],
  fr: ['Appel au sujet du renouvellement', 'Visite pour présenter la nouvelle gamme', 'Devis envoyé, en attente', 'Le client trouve le prix élevé', 'Démo prévue la semaine prochaine', 'Discussion des clauses avec {name}'],
};
export const CONSENT_PURPOSES = ['marketing', 'profiling', 'cross_border_transfer', 'sensitive_processing'];
