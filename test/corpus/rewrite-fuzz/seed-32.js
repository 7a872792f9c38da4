"use strict";/*mq sjo *///  b  e  gqm  

"u";
/*	      z  oa	
z*//*x
chfk    emy  c 	z */"I5³";
/*qxd ugii *///otp	bbk
"use strict"

//hc o  


omewvg:　//kx n　g ﻿y l   q　cf for/* */ (2e308[((new// s　se dcm hn s t 
//g
this)[this])[async	/*ykol*/([],//h r pj r
 {},/*k *//*　z  */...{}) /*f  oc b k k a iye*//*fm*//*  z y*/=>/*  ﻿*///    abj  	op ioal/* ﻿     */ ((async.c//﻿g qcd a z  /*e */^= /* 
rr  dy     t  qu*/// z  mg  s

(this)))]]/*f *///b qla  m  mm  m va of/*  h	 az gs*/　2e308(...f/*tf s vqgm so*//* e mqqpk
 tq t *//* o  */>>>=﻿/* nsp */`ý!`,//bb  	﻿ynz((2e308).epqqtiocagdfnt), //uz 　 
(420),//  
// t r lqv o vvhe
 null)) //of   db zv  ii　gr  {/* ﻿o*//*	fn icv cz*/
/*  	 */continue
/*  apcmh  xdmn  *//*jz  */
//i﻿z  
for/*me　t t  o p*/ (2e308[(.58)]/* 	   hy
vn r   dq*/

 of/* j  ﻿
*/
// qfv	


async function /*q
 pjjtiz t*/async()/*t
 iep dfrot*/

 //ga　 x f   q
{}) 
// ndh  x﻿nphxj fphfor//m clz 　 ejx    tv 


(;;) /*yaqj k  s p﻿r   */continue;/*n  hl	ejue  c  */
//glc f t dq sh  c sq//r
/* zm h*/ /*mf*/

/*y   m  
 k*/const//biyd﻿  q
await/*t 　 nxng i		   j */= /*  iunj  ve 
*/((2e308));/* s﻿﻿ ﻿ s  rrx*///e k


} /*p*/