"É`"
""




;//　﻿yf　  vx mgq u

/*b﻿xu	﻿mtj*///hqb zepfuy　  yc  
const 

//ge
/*  y﻿ ob r a
n*/
static /*s b d 	nm  */=﻿// e　r([,/*dl 	uyr﻿cz*/
 (((h /*
 */= /* c otmoy  a	g*/(/\x3f{34719,67907}?\B(?=)\x16*\9|(?:)^$>{57316}\x5A()()()()()()()()()/giu))/*zqj o */
//e　﻿ b  c  xyer
 ? /*k e t*/(/(?:)/gmu)
/* 

*///v//y n:
﻿/*a﻿xeomzing
e l*/function*

(async,/*gs  blhb i hyi*/ k) {
//ivo   


﻿//r v gdl		md dn s  "use strict"; 
/*	a*/ "";
// gz ay  b  l
 /*
zj　f c
ot*/"use strict"
//mr 

}))]),/*p﻿ dhid fj	j 
m ru */
[,

/*utq n	 qro xx﻿ym*/]/*    t o sr*/ /*ag	a*/= (-((((false))//r gs﻿zg gm 　 dd  ﻿z /*pi﻿ */// ﻿clg 　yln	  ejbovx
%

2545.43))　
?//v vs cth
 (await)//v	k uak r
/*f*/


:/* s
 a e
﻿	   */
interface++)
