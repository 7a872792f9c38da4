"Cö";
/*yu   uv a
gc e ai  */"*";//u  
"";/*xj */
throw/*u	hhnj n﻿lal*//*   u e  */ /*cvpm 　*/+((void/* a	b */ //h 　vxey 　﻿ lhbr
((async /*n */() /*ubncphykz s  *//* c 	yck*/=>/*  v q  kt f x*/ //  ip 
((("¹Q!").try))))).static);//   	 ars 	 vse  

// ﻿qbgjolp cuzconst/*﻿	tr  　*/ {"": package}/*n*/

= /*﻿ mn
y *///	kd﻿ yvs
((new //sv hpv  /*tr sp fd ig z  */((new /**/((/[]+?\6{24401,}[]{48324,}\ub16A|\6??v(?:){52435,}?[\t-Q2-\{\*-\\-](?:){78889}|e{32477,67421}?||[\--\-'-\xf8\f-\.!-:-]\3()()()()()()/guy)())(((((2e308)))[2e308] /*d  ﻿n*/++), //
// f ks sndk
...(this),//  tp ro ...this, /*c t j j f x  
 dt	*/({}))))((null),//p　jrx  b	vqs unsy
 ...((null))))),/*mnrpy  o  xfpf*/{[(null)]: static = //gn  l　jm
("G"),//
 [("")]:﻿
c, [0x1385E159600000]: // qa /* 　lh ni	q  du tg */= /* m　　  p　ec﻿v */(/C\u173e(?=)??\s|(?=){43741,91234}?\u6ADa??(?!)+|(?!){98915,99825}?(?:)??/gis), //xn      c
arguments /*i
 
u﻿n	ix o  j*//* ida obl a f*/= (class//e y﻿be
//p b op //   h nh s  
 {}),/*ypz*///      ptmc qg  "w ": //ky px urnmdxt  a{}, // e　﻿dq
...protected}/*n  */// fp p  l r//n vqglyz 
 = ((([,/**///f fm  igf zhx   
//f yoh iizv　 s   tn
 ...((null)//iotzo　r	q f l
 /*k j v s n　ntr  q*/&& //
/* 
j   ruun */true), //ji evkq
/*ug oh ykl﻿
r  xycq*/, , // pj mvy itn])))/*uyx x
 j m	ddd k
  */
